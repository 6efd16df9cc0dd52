"""Keep the award register's search and sort columns in step with the recipient's name."""


def recipient_renamed(sender, instance, created=False, raw=False, **kwargs):
    from thidua.awards.models import Award

    if created or raw:
        return
    if sender._meta.model_name == "person":
        awards = Award.objects.filter(person=instance)
    else:
        awards = Award.objects.filter(unit=instance).exclude(recipient_kind=Award.RecipientKind.INDIVIDUAL)
    changed = []
    for award in awards.select_related("person", "unit"):
        before = (award.search_text, award.sort_key)
        award.refresh_search()
        if (award.search_text, award.sort_key) != before:
            changed.append(award)
    if changed:
        Award.objects.bulk_update(changed, ["search_text", "sort_key"], batch_size=500)
