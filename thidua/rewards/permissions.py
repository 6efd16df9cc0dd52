"""What a user may do with the emulation fund, award items, printing on blanks and the exchange of award data
(CONVENTIONS.md "Permissions: one layer")."""

import rules
from django.utils.translation import gettext_lazy as _

from thidua.core.permissions import PUBLIC, is_leader, is_province_staff

# Award items, issuing, printing on blanks, the exchange of award data: province TĐKT staff.
rules.add_perm("rewards.manage", is_province_staff)
# The fund and the bonus amounts: province staff and the province's leaders (issue 14).
rules.add_perm("rewards.view_fund", is_province_staff | is_leader)

PROVINCE_ONLY = _("Chỉ cán bộ TĐKT cấp tỉnh được thực hiện thao tác này.")
FUND_ONLY = _("Chỉ cán bộ TĐKT cấp tỉnh và lãnh đạo UBND tỉnh được xem, ghi quỹ thi đua, khen thưởng.")
MONEY_ONLY = _("Chỉ cán bộ TĐKT cấp tỉnh và lãnh đạo UBND tỉnh được xem quỹ, tiền thưởng.")
EXCHANGE_ONLY = _("Chỉ cán bộ TĐKT cấp tỉnh được trao đổi dữ liệu khen thưởng.")
BLANKS_ONLY = _("Chỉ cán bộ TĐKT cấp tỉnh được quản lý mẫu in trên phôi.")


# Every page (URL name) and API operation of the app with its rule, checked by
# tests/test_authorization_matrix.py (a route missing here fails it). Rules: core/permissions.py "route rules".
ROUTES = {
    "rewards:annex_docx": "awards.view_amounts",
    "rewards:blank": "rewards.manage",
    "rewards:blank_sample": "rewards.manage",
    "rewards:blank_scan": "rewards.manage",
    "rewards:blanks": "rewards.manage",
    "rewards:decision_items": "rewards.manage",
    "rewards:decision_pdf": "rewards.manage",
    "rewards:export_json": "rewards.manage",
    "rewards:export_xlsx": "rewards.manage",
    "rewards:fund": "rewards.view_fund",
    "rewards:fund_xlsx": "rewards.view_fund",
    "rewards:funds": "rewards.view_fund",
    "rewards:import": "rewards.manage",
    "rewards:items": "rewards.manage",
    "rewards:payouts_paid": "rewards.manage",
    "rewards:recover": "rewards.manage",
    "rewards:reissue": "rewards.manage",
    "rewards:reissues": "rewards.manage",
    "rewards:request_form": "rewards.manage",
}
_R = "/api/v1/rewards"
API = {
    "POST /api/v1/bonus/check": PUBLIC,
    # the fund: staff and leaders read, staff write
    f"GET {_R}/funds": "rewards.view_fund",
    f"POST {_R}/funds": "rewards.manage",
    f"GET {_R}/funds/{{fund_id}}": "rewards.view_fund",
    f"POST {_R}/funds/{{fund_id}}/allocations": "rewards.manage",
    f"GET {_R}/funds/{{fund_id}}/payouts": "rewards.view_fund",
    f"POST {_R}/funds/{{fund_id}}/payouts": "rewards.manage",
    f"POST {_R}/funds/{{fund_id}}/payouts/paid": "rewards.manage",
    f"POST {_R}/funds/{{fund_id}}/payouts/{{payout_id}}/cancel": "rewards.manage",
    f"GET {_R}/funds/{{fund_id}}/book.xlsx": "rewards.view_fund",
    # a decision's bonus amounts
    f"GET {_R}/decisions/{{decision_id}}/bonuses": "awards.view_amounts",
    f"GET {_R}/decisions/{{decision_id}}/bonuses.docx": "awards.view_amounts",
    # award items
    f"GET {_R}/items": "rewards.manage",
    f"GET {_R}/items/{{item_id}}": "rewards.manage",
    f"POST {_R}/decisions/{{decision_id}}/items": "rewards.manage",
    f"POST {_R}/decisions/{{decision_id}}/items/hand-over": "rewards.manage",
    f"POST {_R}/items/{{item_id}}/reissue": "rewards.manage",
    f"GET {_R}/reissues": "rewards.manage",
    f"POST {_R}/items/recover": "rewards.manage",
    # the national exchange
    f"GET {_R}/decisions/{{decision_id}}/exchange.json": "rewards.manage",
    f"GET {_R}/decisions/{{decision_id}}/exchange.xlsx": "rewards.manage",
    f"POST {_R}/exchange/import": "rewards.manage",
    # printing on blanks
    f"GET {_R}/blanks": "rewards.manage",
    f"POST {_R}/blanks": "rewards.manage",
    f"GET {_R}/blanks/{{layout_id}}": "rewards.manage",
    f"PATCH {_R}/blanks/{{layout_id}}": "rewards.manage",
    f"GET {_R}/decisions/{{decision_id}}/blanks.pdf": "rewards.manage",
}
