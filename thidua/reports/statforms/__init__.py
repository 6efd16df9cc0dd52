"""The Ministry of Home Affairs' statistical report forms for the TĐKT sector (biểu mẫu báo cáo thống kê ngành
Nội vụ, lĩnh vực thi đua, khen thưởng), as data.

Each circular is one JSON file in this folder (`tt02_2023.json`: forms 0601–0605 of TT 02/2023/TT-BNV). A form
names its source (`awards` = the award register, `movements` = emulation movements, null = nothing in thidua
records it: the sheet is printed for the unit to fill in), a `base` filter, and rows and columns each with a
`filter` in a small vocabulary (`engine.FILTER_KEYS`). A cell counts the source records matching base ∧ row ∧
column, in the reporting period and the unit's subtree (with its predecessors through unit lineage). A filter of
`null` means "thidua does not record this": the cell stays empty and the note says why. A new circular is a new
JSON file, not new code. What is known of the forms and what is not: `docs/statistics-forms.md`.
"""
