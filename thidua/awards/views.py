import datetime as dt
from collections import OrderedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.awards import importer, selectors, services
from thidua.awards.forms import (
    AwardForm,
    BaseSalaryForm,
    CloseProceedingForm,
    DisciplineForm,
    ImportUploadForm,
    InitiativeForm,
    ProceedingForm,
    RatingForm,
    RevokeForm,
    RuleParameterForm,
)
from thidua.awards.models import (
    Award,
    AwardType,
    BaseSalary,
    ImportBatch,
    ImportRow,
    PendingProceeding,
    Rating,
    RuleParameter,
)
from thidua.awards.permissions import PROVINCE_ONLY
from thidua.awards.tasks import start_staging
from thidua.core import jobs, personal, rows
from thidua.core.audit import record
from thidua.core.pagination import Sorting, filtered, paginate
from thidua.core.permissions import require
from thidua.core.replica import reads_from_replica
from thidua.core.scoping import can_edit, get_editable_or_404, get_visible_or_404, is_province_wide
from thidua.orgs.models import Person, Unit
from thidua.orgs.selectors import picked_unit


def _subject(request, subject: str, pk: int, *, edit: bool = False):
    model = {"ca-nhan": Person, "don-vi": Unit}.get(subject)
    if model is None:
        raise Http404
    getter = get_editable_or_404 if edit else get_visible_or_404
    return getter(model, request.user, pk=pk)


def _subject_url(obj) -> str:
    if isinstance(obj, Person):
        return reverse("awards:person_history", args=[obj.pk])
    return reverse("awards:unit_history", args=[obj.pk])


# ------------------------------------------------------------------------------------------------------------
# Catalogue


@login_required
def catalogue(request):
    today = dt.date.today()
    base = BaseSalary.in_force(today)
    groups: OrderedDict[str, dict] = OrderedDict()
    labels = dict(AwardType.Group.choices)
    for at in AwardType.objects.all():
        group = groups.setdefault(at.group, {"label": labels.get(at.group, at.group), "category": at.category, "rows": []})
        amount_ind = at.bonus_amount("individual", today) if at.bonus_multiple else None
        amount_col = at.bonus_amount("collective", today) if at.bonus_multiple_collective else None
        group["rows"].append({"type": at, "amount_individual": amount_ind, "amount_collective": amount_col})
    return render(request, "awards/catalogue.html", {
        "groups": groups.values(), "base": base, "salaries": BaseSalary.objects.all(),
        "subject_labels": {"individual": _("Cá nhân"), "collective": _("Tập thể"), "household": _("Hộ gia đình"),
                           "village": _("Thôn, tổ dân phố")},
        "province_staff": request.user.has_perm("awards.manage_parameters"),
    })


# ------------------------------------------------------------------------------------------------------------
# Register


def _register_queryset(request):
    qs = Award.objects.visible_to(request.user)
    f = {k: request.GET.get(k, "").strip() for k in ("q", "loai", "nam", "don_vi", "huy", "doi_tuong")}
    if f["q"]:
        qs = qs.search(f["q"])
    if f["loai"]:
        qs = qs.filter(award_type__code=f["loai"])
    if f["nam"].isdigit():
        qs = qs.filter(year=int(f["nam"]))
    if f["don_vi"].isdigit():
        unit = Unit.objects.filter(pk=int(f["don_vi"])).first()
        qs = qs.filter(unit_id__in=unit.predecessor_ids() | set(unit.subtree().values_list("pk", flat=True))) if unit \
            else qs.none()
    if f["huy"] == "co":
        qs = qs.filter(revoked=True)
    elif f["huy"] == "khong":
        qs = qs.filter(revoked=False)
    if f["doi_tuong"] in Award.RecipientKind.values:
        qs = qs.filter(recipient_kind=f["doi_tuong"])
    return qs, f


REGISTER_ORDER = ["-year", "sort_key", "id"]
# What a row of the book shows (_register_rows) and its cursor needs: an award and its three related rows have ~60
# columns, most of them long texts the list never shows (7.6 → 4.2 ms for a page of 51 at 5.3M awards).
REGISTER_FIELDS = ("id", "year", "sort_key", "recipient_kind", "household_name", "revoked", "decision_number",
                   "decision_date", "commendation_type", "award_type__name", "person__full_name", "unit__name",
                   "unit__short_name")
# Sortable columns, each along the index award_register_order (-year, sort_key, id) or sort_key's own.
REGISTER_SORTS = {"nam": (["year", "sort_key", "id"], REGISTER_ORDER), "ten": (["sort_key", "id"], ["-sort_key", "-id"])}


@login_required
@reads_from_replica
def register(request):
    qs, filters = _register_queryset(request)
    sorting = Sorting(request, REGISTER_SORTS, "-nam")
    page = paginate(request, qs.select_related("award_type", "person", "unit").only(*REGISTER_FIELDS), sorting.order,
                    size=50)
    query = request.GET.copy()
    query.pop("sau", None)
    unit = int(filters["don_vi"]) if filters["don_vi"].isdigit() else None
    unit_choice = picked_unit(request.user, unit)
    type_name = AwardType.objects.filter(code=filters["loai"]).values_list("name", flat=True).first() \
        if filters["loai"] else None
    notice = filtered(request, {
        "q": (_("Tìm"), None), "loai": (_("Danh hiệu, hình thức"), type_name), "nam": (_("Năm"), None),
        "don_vi": (_("Đơn vị"), unit_choice.name if unit_choice else None),
        "doi_tuong": (_("Đối tượng"), dict(Award.RecipientKind.choices).get(filters["doi_tuong"])),
        "huy": (_("Tình trạng"), {"co": _("Đã hủy bỏ"), "khong": _("Còn hiệu lực")}.get(filters["huy"])),
    })
    return render(request, "awards/register.html", {
        "page": page, "rows": _register_rows(page.rows), "filters": filters,
        "type_options": _type_options(filters["loai"]),
        "unit_choice": unit_choice, "sorting": sorting, "filtered": notice,
        "kinds": Award.RecipientKind.choices, "query": query.urlencode(), "can_edit": can_edit(request.user),
    })


def _type_options(chosen: str) -> str:
    """The award-type filter's <option>s (76 types: a template loop of 76 × 4 nodes on every page of the book)."""
    out = []
    for t in AwardType.objects.only("code", "name"):
        selected = " selected" if t.code == chosen else ""
        out.append(f'<option value="{rows.e(t.code)}"{selected}>{rows.e(t.label)}</option>')
    return mark_safe("".join(out))  # noqa: S308 — every value above is escaped


def _register_rows(awards) -> str:
    """The award book's table rows (core/rows.py: one f-string per row instead of ~20 template nodes)."""
    url = rows.url_for("awards:award_detail")
    kind = rows.display(Award.RecipientKind.choices)
    commendation = rows.display(Award._meta.get_field("commendation_type").choices)
    revoked = f' <span class="badge text-bg-danger">{rows.e(_("đã hủy bỏ"))}</span>'
    danger = ' class="table-danger"'
    labels = {}
    out = []
    for a in awards:
        label = labels.get(a.award_type_id)
        if label is None:
            label = labels[a.award_type_id] = rows.e(a.award_type.label)
        badge = "" if a.recipient_kind == "individual" else \
            f' <span class="badge text-bg-light">{rows.e(kind(a.recipient_kind))}</span>'
        date = f'<div class="text-muted">{rows.dmy(a.decision_date)}</div>' if a.decision_date else ""
        out.append(
            f'\n    <tr{danger if a.revoked else ""}><td>{a.year}</td>\n'
            f'      <td><a href="{url(a.pk)}">{rows.e(a.recipient_name)}</a>\n'
            f'        {badge}\n'
            f'        {revoked if a.revoked else ""}</td>\n'
            f'      <td class="small">{rows.e(a.unit.short_name or a.unit.name)}</td>\n'
            f'      <td>{label}</td><td class="small">{rows.e(commendation(a.commendation_type))}</td>\n'
            f'      <td class="small text-nowrap">{rows.e(a.decision_number or "—")}{date}</td></tr>\n  ')
    return mark_safe("".join(out))  # noqa: S308 — every value above is escaped


@login_required
def register_export(request):
    qs, _filters = _register_queryset(request)
    qs = qs.select_related("award_type", "person", "unit").order_by(*Sorting(request, REGISTER_SORTS, "-nam").order)
    headers = [_("STT"), _("Họ tên / Tập thể"), _("Ngày sinh"), _("Đơn vị"), _("Danh hiệu/Hình thức"), _("Năm"),
               _("Loại hình"), _("Số quyết định"), _("Ngày quyết định"), _("Cơ quan quyết định"), _("Tình trạng")]

    full = personal.may_see_personal_data(request.user)  # else only the year of birth (Decree 13/2023)

    def rows():
        for i, a in enumerate(qs.iterator(chunk_size=2000), start=1):
            birth = a.person.birth_date if a.person_id else None
            yield [i, a.recipient_name, birth if full else personal.mask_birth_date(birth), a.unit.name, a.award_type.name,
                   a.year, a.get_commendation_type_display(), a.decision_number, a.decision_date, a.decision_issuer,
                   (_("Đã hủy bỏ: %(r)s") % {"r": a.revoked_reason}) if a.revoked else ""]

    data = importer.write_book(rows(), headers, title=_("Sổ khen thưởng"))
    record(None, "export", user=request.user, note=_("Xuất sổ khen thưởng (%(q)s)") % {"q": request.GET.urlencode()},
           unit_id=request.user.unit_id)
    if full:
        personal.record_unmasked_view(request.user, _("Xuất sổ khen thưởng có ngày sinh đầy đủ"),
                                      unit_id=request.user.unit_id)
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="so-khen-thuong-{dt.date.today():%Y%m%d}.xlsx"'
    return response


# ------------------------------------------------------------------------------------------------------------
# One award


@login_required
def award_detail(request, pk):
    award = get_visible_or_404(Award.objects.select_related("award_type", "person", "unit", "period"), request.user, pk=pk)
    return render(request, "awards/award_detail.html", {
        "award": award, "initiatives": award.initiatives_used.all(),
        "may_revoke": not award.revoked and request.user.has_perm("awards.revoke_award", award) and
        Award.objects.editable_by(request.user).filter(pk=award.pk).exists(),
        "bonus": award.award_type.bonus_amount(award.recipient_kind, award.decision_date or dt.date(award.year, 12, 31)),
    })


@login_required
def award_add(request, subject, pk):
    obj = _subject(request, subject, pk, edit=True)
    is_person = isinstance(obj, Person)
    initiatives_qs = selectors.unused_initiatives(person=obj) if is_person else selectors.unused_initiatives(unit=obj)
    form = AwardForm(request.POST or None, subject="person" if is_person else "unit", initiatives_qs=initiatives_qs)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            award = services.confer(
                award_type=d["award_type"], year=d["year"], person=obj if is_person else None,
                unit=None if is_person else obj, recipient_kind=d["recipient_kind"],
                household_name=d.get("household_name", ""), period=d["period"],
                commendation_type=d["commendation_type"], decision_number=d["decision_number"],
                decision_date=d["decision_date"], decision_issuer=d["decision_issuer"], achievement=d["achievement"],
                initiatives=d.get("initiatives") or [], user=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã ghi nhận %(award)s năm %(year)s.") % {"award": award.award_type.name,
                                                                                  "year": award.year})
            return redirect(_subject_url(obj))
    return render(request, "awards/record_form.html", {
        "form": form, "subject": obj, "title": _("Ghi nhận khen thưởng"), "back": _subject_url(obj),
    })


@login_required
def award_revoke(request, pk):
    award = get_editable_or_404(Award.objects.select_related("award_type", "person", "unit"), request.user, pk=pk)
    if not request.user.has_perm("awards.revoke_award", award):
        raise PermissionDenied(_("Chỉ cơ quan đã khen thưởng mới được hủy bỏ quyết định khen thưởng."))
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revoke(award, form.cleaned_data["reason"], form.cleaned_data["decision"], user=request.user,
                            on=form.cleaned_data["on"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã hủy bỏ khen thưởng; bản ghi vẫn được lưu trong lịch sử."))
            return redirect("awards:award_detail", pk=award.pk)
    return render(request, "awards/record_form.html", {
        "form": form, "subject": award.person or award.unit, "award": award,
        "title": _("Hủy bỏ quyết định khen thưởng"), "back": reverse("awards:award_detail", args=[award.pk]),
        "danger": True,
    })


# ------------------------------------------------------------------------------------------------------------
# Timelines


@login_required
def person_history(request, pk):
    person = get_visible_or_404(Person.objects.select_related("unit"), request.user, pk=pk)
    if person.birth_date and personal.may_see_personal_data(request.user):
        personal.record_unmasked_view(request.user, _("Xem quá trình khen thưởng cá nhân (ngày sinh đầy đủ)"),
                                      obj=person)
    return render(request, "awards/person_history.html", {
        "person": person, "timeline": selectors.person_timeline(person),
        "can_edit": Person.objects.editable_by(request.user).filter(pk=person.pk).exists(),
    })


@login_required
def unit_history(request, pk):
    unit = get_visible_or_404(Unit, request.user, pk=pk)
    timeline = selectors.unit_timeline(unit)
    return render(request, "awards/unit_history.html", {
        "unit": unit, "timeline": timeline,
        "predecessors": Unit.objects.filter(pk__in=timeline["predecessor_ids"]),
        "can_edit": Unit.objects.editable_by(request.user).filter(pk=unit.pk).exists(),
    })


RECORD_FORMS = {
    "xep-loai": (RatingForm, gettext_lazy("Xếp loại hằng năm")),
    "sang-kien": (InitiativeForm, gettext_lazy("Sáng kiến")),
    "ky-luat": (DisciplineForm, gettext_lazy("Kỷ luật")),
    "dang-xem-xet": (ProceedingForm, gettext_lazy("Việc đang xem xét (kỷ luật, điều tra, khiếu nại, tố cáo)")),
}


@login_required
def record_add(request, subject, pk, kind):
    if kind not in RECORD_FORMS:
        raise Http404
    obj = _subject(request, subject, pk, edit=True)
    is_person = isinstance(obj, Person)
    if kind == "ky-luat" and not is_person:
        raise Http404
    form_class, title = RECORD_FORMS[kind]
    instance = None
    if kind == "xep-loai" and request.method == "POST":  # one rating per subject and year: re-rating updates it
        year = request.POST.get("year", "")
        if year.isdigit():
            instance = Rating.objects.filter(**({"person": obj} if is_person else {"unit": obj}), year=int(year)).first()
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid() and kind == "dang-xem-xet":
        # a matter that holds awards: through the service, which checks and audits it
        data = form.cleaned_data
        try:
            services.open_proceeding(kind=data["kind"], opened_on=data["opened_on"], note=data.get("note", ""),
                                     person=obj if is_person else None, unit=None if is_person else obj,
                                     user=request.user)
        except ValidationError as exc:
            form.add_error(None, "; ".join(exc.messages))
        else:
            messages.success(request, _("Đã lưu: %(what)s.") % {"what": title})
            return redirect(_subject_url(obj))
    elif request.method == "POST" and form.is_valid():
        record_obj = form.save(commit=False)
        if is_person:
            record_obj.person = obj
        else:
            record_obj.unit = obj
        try:
            services.save_record(record_obj, user=request.user)
        except ValidationError as exc:
            form.add_error(None, "; ".join(exc.messages))
        else:
            messages.success(request, _("Đã lưu: %(what)s.") % {"what": title})
            return redirect(_subject_url(obj))
    return render(request, "awards/record_form.html", {"form": form, "subject": obj, "title": title,
                                                       "back": _subject_url(obj)})


@login_required
def proceeding_close(request, pk):
    proceeding = get_editable_or_404(PendingProceeding.objects.select_related("person", "unit"), request.user, pk=pk)
    form = CloseProceedingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if proceeding.closed_on is None:
            try:
                services.close_proceeding(proceeding, closed_on=form.cleaned_data["closed_on"],
                                                note=form.cleaned_data.get("note", ""), user=request.user)
            except ValidationError as exc:
                form.add_error(None, "; ".join(exc.messages))
            else:
                messages.success(request, _("Đã ghi nhận kết thúc: %(what)s.") % {"what": proceeding.get_kind_display()})
                return redirect(_subject_url(proceeding.person or proceeding.unit))
        else:
            return redirect(_subject_url(proceeding.person or proceeding.unit))
    subject = proceeding.person or proceeding.unit
    return render(request, "awards/record_form.html", {
        "form": form, "subject": subject, "title": _("Kết thúc: %(what)s") % {"what": proceeding.get_kind_display()},
        "back": _subject_url(subject),
    })


# ------------------------------------------------------------------------------------------------------------
# Legacy import


@login_required
def import_list(request):
    require(request.user, "awards.edit_records", message=_("Bạn không có quyền nhập dữ liệu."))
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        unit = request.user.unit
        if unit is None:
            raise PermissionDenied(_("Tài khoản chưa gắn với đơn vị."))
        batch = ImportBatch(unit=unit, created_by=request.user, original_name=upload.name[:255],
                            year=form.cleaned_data.get("year"))
        batch.file.save(f"{slugify(upload.name.rsplit('.', 1)[0])[:60] or 'so'}.{upload.name.rsplit('.', 1)[-1].lower()}",
                        upload, save=False)
        batch.save()
        start_staging(batch, request.user)
        return redirect("awards:import_detail", pk=batch.pk)
    page = paginate(request, ImportBatch.objects.visible_to(request.user).select_related("unit", "created_by"),
                    ["-created_at", "-id"], size=50)
    return render(request, "awards/import_list.html", {"form": form, "batches": page.rows, "page": page})


INLINE_COMMIT_ROWS = 5000  # smaller books are committed within the request; larger ones by the job worker


def _batch(request, pk):
    require(request.user, "awards.edit_records", message=_("Bạn không có quyền nhập dữ liệu."))
    return get_visible_or_404(ImportBatch.objects.select_related("unit", "created_by"), request.user, pk=pk)


@login_required
def import_detail(request, pk):
    batch = _batch(request, pk)
    errors = ImportRow.objects.filter(batch=batch, status=ImportRow.Status.ERROR).order_by("row_number")[:200]
    counts = {}
    if batch.status in (ImportBatch.Status.REVIEW, ImportBatch.Status.COMMITTED, ImportBatch.Status.INVALID):
        from django.db.models import Count

        labels = dict(ImportRow.Status.choices)
        counts = [(labels[r["status"]], r["status"], r["n"]) for r in
                  ImportRow.objects.filter(batch=batch).values("status").annotate(n=Count("id")).order_by("status")]
    new_people = 0
    if batch.status == ImportBatch.Status.REVIEW:
        new_people = (ImportRow.objects.filter(batch=batch, status=ImportRow.Status.NEW)
                      .values("unit_id", "name_key", "birth_date", "citizen_id").distinct().count())
    return render(request, "awards/import_detail.html", {"batch": batch, "errors": errors, "counts": counts,
                                                         "new_people": new_people, "job": jobs.latest_for(batch)})


@login_required
def import_progress(request, pk):
    batch = _batch(request, pk)
    response = render(request, "awards/_import_progress.html", {"batch": batch})
    if not batch.in_progress:
        response["HX-Refresh"] = "true"  # finished: reload the page to show the result
    return response


@login_required
def import_review(request, pk):
    batch = _batch(request, pk)
    if batch.status != ImportBatch.Status.REVIEW:
        return redirect("awards:import_detail", pk=batch.pk)
    pending = ImportRow.objects.filter(batch=batch, status=ImportRow.Status.AMBIGUOUS)
    if request.method == "POST":
        chosen = 0
        rows = {r.pk: r for r in pending.filter(pk__in=[int(k[4:]) for k in request.POST if k.startswith("row-")
                                                       and k[4:].isdigit()])}
        with transaction.atomic():
            for row_id, row in rows.items():
                value = request.POST.get(f"row-{row_id}", "")
                if value == "new":
                    importer.resolve(row, None)
                    chosen += 1
                elif value.isdigit() and int(value) in row.candidate_ids:
                    importer.resolve(row, int(value))
                    chosen += 1
            importer.refresh_counts(batch)
        messages.success(request, _("Đã xác nhận %(n)s dòng.") % {"n": chosen})
        if not pending.exists():
            return redirect("awards:import_detail", pk=batch.pk)
        return redirect("awards:import_review", pk=batch.pk)
    page = paginate(request, pending, ["row_number", "id"], size=25)
    candidate_ids = {cid for row in page.rows for cid in row.candidate_ids}
    people = {p.pk: p for p in Person.objects.filter(pk__in=candidate_ids).select_related("unit")}
    for row in page.rows:
        row.candidates = [people[c] for c in row.candidate_ids if c in people]
    if people and personal.may_see_personal_data(request.user):
        personal.record_unmasked_view(request.user, _("Đối chiếu dòng nhập với hồ sơ cá nhân (ngày sinh đầy đủ)"),
                                      obj=batch, count=len(people))
    return render(request, "awards/import_review.html", {"batch": batch, "page": page, "remaining": pending.count()})


@login_required
@require_POST
def import_commit(request, pk):
    batch = _batch(request, pk)
    if batch.total_rows > INLINE_COMMIT_ROWS:
        with transaction.atomic():
            if importer.start_commit(batch):
                jobs.start("awards.commit", owner=request.user, unit=batch.unit, target=batch,
                           title=_("Nhập “%(name)s” vào sổ khen thưởng") % {"name": batch.original_name})
        return redirect("awards:import_detail", pk=batch.pk)
    try:
        created = importer.commit(batch, user=request.user)
    except importer.CommitRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã nhập %(n)s khen thưởng vào sổ.") % {"n": created})
    return redirect("awards:import_detail", pk=batch.pk)


@login_required
@require_POST
def import_cancel(request, pk):
    batch = _batch(request, pk)
    if batch.status in (ImportBatch.Status.REVIEW, ImportBatch.Status.INVALID):
        ImportRow.objects.filter(batch=batch).delete()
        batch.status = ImportBatch.Status.CANCELLED
        batch.save(update_fields=["status"])
        messages.info(request, _("Đã hủy lần nhập; sổ khen thưởng không thay đổi."))
    return redirect("awards:import_list")


@login_required
def import_errors(request, pk):
    batch = _batch(request, pk)
    response = StreamingHttpResponse([importer.error_report(batch)],
                                     content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="bao-loi-nhap-{batch.pk}.xlsx"'
    return response


@login_required
def import_template(request):
    response = HttpResponse(importer.template_book(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="mau-so-khen-thuong.xlsx"'
    return response


# ------------------------------------------------------------------------------------------------------------
# Duplicate people


@login_required
def duplicates(request):
    groups = selectors.duplicate_people(Person.objects.visible_to(request.user))
    if groups and personal.may_see_personal_data(request.user):
        personal.record_unmasked_view(request.user, _("Xem hồ sơ cá nhân trùng (số CCCD, ngày sinh đầy đủ)"),
                                      count=sum(len(g["members"]) for g in groups))
    return render(request, "awards/duplicates.html", {"groups": groups,
                                                      "province_wide": is_province_wide(request.user)})


# ------------------------------------------------------------------------------------------------------------
# Rule parameters and base salary (province staff)


def _param_display(kind: str, value) -> str:
    """A parameter value as staff read it: 70%, 2/3, 10/12 (day/month), Có/Không."""
    if kind == "ratio":
        if 100 % value.denominator == 0:
            return f"{float(value * 100):g}%"
        return f"{value.numerator}/{value.denominator}"
    if kind == "month_day":
        month, day = value
        return f"{day:02d}/{month:02d}"
    if kind == "bool":
        return _("Có") if value else _("Không")
    return str(value)


@login_required
def parameters(request):
    require(request.user, "awards.manage_parameters", message=PROVINCE_ONLY)
    from thidua.awards.rules.params import PARAMETERS

    form = RuleParameterForm(request.POST if request.POST.get("form") == "param" else None)
    salary_form = BaseSalaryForm(request.POST if request.POST.get("form") == "salary" else None)
    if request.method == "POST":
        if "delete" in request.POST:
            obj = RuleParameter.objects.filter(pk=request.POST.get("delete")).first()
            if obj:
                obj.delete()
                messages.success(request, _("Đã xóa giá trị riêng; áp dụng lại giá trị mặc định hoặc giá trị trước đó."))
            return redirect("awards:parameters")
        target = form if request.POST.get("form") == "param" else salary_form
        if target.is_valid():
            try:
                target.save()
            except IntegrityError:
                target.add_error("effective_from", _("Đã có giá trị áp dụng từ ngày này."))
            else:
                messages.success(request, _("Đã lưu."))
                return redirect("awards:parameters")
    rows = []
    overrides = {}
    for p in RuleParameter.objects.all():
        overrides.setdefault(p.name, []).append(p)
    for name, spec in PARAMETERS.items():
        rows.append({"name": name, "spec": spec, "default": _param_display(spec.kind, spec.default),
                     "overrides": overrides.pop(name, [])})
    return render(request, "awards/parameters.html", {
        "form": form, "salary_form": salary_form, "rows": rows, "orphans": [p for ps in overrides.values() for p in ps],
        "salaries": BaseSalary.objects.all(), "today": dt.date.today(),
    })
