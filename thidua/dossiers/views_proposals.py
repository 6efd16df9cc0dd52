"""Pages: a unit's proposal list uploaded to a dossier → preview (kind, name, birth date, position/unit, recognised
award, person match with candidates, problems; columns to assign) → nominations created in one step, all or
nothing (DESIGN.md §4.7). Also the bulk steps: the candidate list's ticked people into a dossier, bulk appraisal."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.awards.models import AwardType
from thidua.core import jobs
from thidua.core.scoping import get_visible_or_404
from thidua.core.tabular import LABELS, TableFileError
from thidua.dossiers import services
from thidua.dossiers.forms import DossierFromListForm, ProposalUploadForm
from thidua.dossiers.models import Dossier, DossierState, Nomination, ProposalUpload
from thidua.dossiers.proposals import COLLECTIVE, INDIVIDUAL, KIND_LABELS, preview_upload
from thidua.dossiers.services import WorkflowError
from thidua.orgs.models import Person, Unit

# Longer lists become nominations in a job (the page would hold a web worker for the whole transaction).
INLINE_PROPOSAL_ROWS = 300

# Fields an unmapped column may be assigned to on the preview page.
ASSIGNABLE = ["name", "birth_date", "birth_male", "birth_female", "gender", "position", "unit", "position_unit",
              "award", "classification", "citizen_id", "achievement", "number", "note"]


def _messages(exc) -> str:
    return " ".join(getattr(exc, "messages", None) or [getattr(exc, "message", None) or str(exc)])


def _store(request, dossier, upload_file, level):
    try:
        item = services.upload_proposal_list(request.user, dossier, upload_file, level)
    except ValidationError as exc:
        messages.error(request, _messages(exc))
        return None
    except (WorkflowError, PermissionDenied) as exc:
        messages.error(request, _messages(exc))
        return None
    return item


@login_required
def proposal_upload(request, pk):
    dossier = get_visible_or_404(Dossier.objects.select_related("unit"), request.user, pk=pk)
    form = ProposalUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        item = _store(request, dossier, form.cleaned_data["file"], form.cleaned_data["level"])
        if item is not None:
            return redirect("dossiers:proposal_preview", pk=dossier.pk, upload_pk=item.pk)
    return render(request, "dossiers/proposal_upload.html", {"form": form, "dossier": dossier})


@login_required
def dossier_from_list(request):
    if not request.user.has_perm("dossiers.create_dossier"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT của đơn vị được lập hồ sơ."))
    form = DossierFromListForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload_file, level = data.pop("file"), data.pop("level")

        with transaction.atomic():
            try:
                dossier = services.create_dossier(request.user, unit=request.user.unit, **data)
            except (WorkflowError, PermissionDenied) as exc:
                messages.error(request, _messages(exc))
                dossier = None
            item = _store(request, dossier, upload_file, level) if dossier else None
            if item is None:
                transaction.set_rollback(True)
        if item is not None:
            return redirect("dossiers:proposal_preview", pk=dossier.pk, upload_pk=item.pk)
    return render(request, "dossiers/proposal_upload.html", {"form": form, "dossier": None})


def _award_choices(kind):
    wanted = {"individual"} if kind == INDIVIDUAL else {"collective", "village"}
    return [a for a in AwardType.objects.conferrable().order_by("order", "code") if set(a.subject_kinds or []) & wanted]


def _prepare(request, dossier, upload):
    """The preview rows with what the page shows and offers for each."""
    result = preview_upload(upload, request.user)
    ids = {pid for r in result.rows for pid in r.candidates}
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids).select_related("unit")}
    scope_units = list(Unit.objects.visible_to(request.user).filter(path__startswith=dossier.unit.path)
                       .order_by("sort_key"))
    scope_ids = {u.pk for u in scope_units}
    awards = {INDIVIDUAL: _award_choices(INDIVIDUAL), COLLECTIVE: _award_choices(COLLECTIVE)}
    for i, r in enumerate(result.rows):
        r.index = i
        r.kind_label = _(KIND_LABELS[r.kind])
        r.people = [people[pid] for pid in r.candidates if pid in people]
        r.award_options = awards.get(r.kind, [])
        r.unit_ok = r.unit is not None and r.unit.pk in scope_ids
        # what the form offers by default
        r.person_default = str(r.candidates[0]) if len(r.candidates) == 1 else ("new" if not r.candidates else "")
        r.unit_default = r.unit.pk if r.kind == COLLECTIVE and r.unit_ok else None
        r.usable = r.kind in (INDIVIDUAL, COLLECTIVE)
    return result, scope_units


def _items(request, rows, upload, dossier):
    items, skipped = [], 0
    for r in rows:
        if not request.POST.get(f"use_{r.index}"):
            skipped += 1
            continue
        try:
            award_id = int(request.POST.get(f"award_{r.index}") or 0)
        except ValueError:
            award_id = 0
        item = {"row": r.row, "kind": r.kind, "award_type_id": award_id, "problems": r.data_problems,
                "achievement_summary": r.achievement or (_("%(pu)s. Theo danh sách đề nghị “%(file)s”, dòng %(row)s.")
                                                         % {"pu": r.position_unit or r.name,
                                                            "file": upload.original_name, "row": r.row})}
        if r.kind == INDIVIDUAL:
            choice = request.POST.get(f"person_{r.index}", "")
            if choice == "new":
                item["new_person"] = {
                    "full_name": r.name, "birth_date": r.birth_date, "gender": r.gender,
                    "unit_id": r.unit.pk if r.unit else None, "position": r.position_unit, "citizen_id": r.citizen_id}
            elif choice.isdigit() and int(choice) in r.candidates:
                item["person_id"] = int(choice)
        elif r.kind == COLLECTIVE:
            raw = request.POST.get(f"unit_{r.index}", "")
            item["unit_id"] = int(raw) if raw.isdigit() else None
        items.append(item)
    return items, skipped


@login_required
def proposal_preview(request, pk, upload_pk):
    dossier = get_visible_or_404(Dossier.objects.select_related("unit"), request.user, pk=pk)
    upload = get_object_or_404(ProposalUpload, pk=upload_pk, dossier=dossier)
    try:
        result, scope_units = _prepare(request, dossier, upload)
    except TableFileError as exc:
        messages.error(request, str(exc))
        return redirect("dossiers:proposal_upload", pk=dossier.pk)
    errors = []
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "columns":
            assignments = {}
            for header_key, text in result.unmapped.items():
                value = request.POST.get(f"col_{header_key}")
                if value is not None and (value in ASSIGNABLE or value == ""):
                    assignments[header_key] = (text, value)
            try:
                services.assign_list_columns(request.user, dossier, assignments)
            except (ValidationError, PermissionDenied) as exc:
                messages.error(request, _messages(exc))
            else:
                messages.success(request, _("Đã ghi nhớ cách đọc các cột cho danh sách của %(unit)s.")
                                 % {"unit": dossier.unit.name})
            return redirect("dossiers:proposal_preview", pk=dossier.pk, upload_pk=upload.pk)
        items, skipped = _items(request, result.rows, upload, dossier)
        if len(items) > INLINE_PROPOSAL_ROWS:  # a long list: a job (dossiers/tasks.py), all or nothing as inline
            with transaction.atomic():
                job = jobs.start("dossiers.proposals", owner=request.user, unit=dossier.unit, target=dossier,
                                 params={"upload": upload.pk,
                                         "items": json.loads(json.dumps(items, cls=DjangoJSONEncoder))},
                                 title=_("Tạo %(n)s đề nghị từ danh sách “%(file)s”")
                                 % {"n": len(items), "file": upload.original_name})
            return redirect("job_detail", pk=job.pk)
        try:
            created = services.create_nominations_from_list(request.user, dossier, upload, items)
        except ValidationError as exc:
            errors = exc.messages
        except (WorkflowError, PermissionDenied) as exc:
            errors = [_messages(exc)]
        else:
            messages.success(request, _("Đã tạo %(n)d đề nghị từ danh sách.") % {"n": len(created)})
            return redirect("dossiers:detail", pk=dossier.pk)
        # keep the officer's choices on the page
        for r in result.rows:
            r.person_default = request.POST.get(f"person_{r.index}", r.person_default)
            try:
                r.award_selected = int(request.POST.get(f"award_{r.index}") or 0)
            except ValueError:
                r.award_selected = 0
            r.unit_default = int(request.POST.get(f"unit_{r.index}")) if (
                request.POST.get(f"unit_{r.index}", "").isdigit()) else r.unit_default
            r.checked = bool(request.POST.get(f"use_{r.index}"))
    else:
        for r in result.rows:
            r.award_selected = r.award.pk if r.award else 0
            r.checked = r.usable and not r.problems  # rows with problems are ticked once the officer fixed them
    return render(request, "dossiers/proposal_preview.html", {
        "dossier": dossier, "upload": upload, "result": result, "errors": errors, "scope_units": scope_units,
        "assignable": [(f, LABELS[f]) for f in ASSIGNABLE], "used": upload.used_at is not None,
        "blocked_rows": sum(1 for r in result.rows if r.problems),
    })


@login_required
@require_POST
def add_candidates(request):
    """From the candidate list: the ticked people become nominations of the chosen draft dossier."""
    dossier = get_visible_or_404(Dossier, request.user, pk=request.POST.get("dossier") or 0)
    award = get_object_or_404(AwardType, code=request.POST.get("award", ""))
    ids = [int(x) for x in request.POST.getlist("person") if x.isdigit()]
    people = list(Person.objects.visible_to(request.user).filter(pk__in=ids).order_by("sort_key", "id"))
    if not people:
        messages.error(request, _("Chưa chọn người nào."))
        return redirect("dossiers:detail", pk=dossier.pk)
    try:
        created = services.add_people_to_dossier(request.user, dossier, people, award,
                                                 _("Đủ tiêu chuẩn theo danh sách gợi ý của hệ thống."))
    except ValidationError as exc:
        messages.error(request, _messages(exc))
    except (WorkflowError, PermissionDenied) as exc:
        messages.error(request, _messages(exc))
    else:
        messages.success(request, _("Đã thêm %(n)d đề nghị vào hồ sơ %(code)s.") % {"n": len(created),
                                                                                    "code": dossier.code})
    return redirect("dossiers:detail", pk=dossier.pk)


@login_required
@require_POST
def appraise_bulk(request, pk):
    if not request.user.has_perm("dossiers.appraise"):
        raise PermissionDenied(_("Chỉ cán bộ TĐKT cấp tỉnh được thẩm định."))
    dossier = get_visible_or_404(Dossier, request.user, pk=pk)
    ids = [int(x) for x in request.POST.getlist("nominations") if x.isdigit()]
    nominations = list(Nomination.objects.filter(dossier=dossier, pk__in=ids).select_related("dossier"))
    result = request.POST.get("result", "")
    if not nominations:
        messages.error(request, _("Chưa chọn đề nghị nào."))
    elif dossier.state != DossierState.RECEIVED:
        messages.error(request, _("Chỉ thẩm định được khi hồ sơ đã được tiếp nhận."))
    else:
        try:
            n = services.appraise_many(request.user, nominations, result, request.POST.get("note", ""))
        except (WorkflowError, PermissionDenied, ValidationError) as exc:
            messages.error(request, _messages(exc))
        else:
            messages.success(request, _("Đã ghi kết quả thẩm định cho %(n)d đề nghị.") % {"n": n})
    return redirect("dossiers:appraisal", pk=dossier.pk)
