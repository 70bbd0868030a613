"""Provinces and communes after the 2025 reform, from the vietnam-provinces package."""

from django.db import transaction
from vietnam_provinces import Province as PackageProvince
from vietnam_provinces import Ward as PackageWard

from .text import search_key


@transaction.atomic
def places_sync(province_model, commune_model) -> tuple[int, int]:
    """Load or refresh the 34 provinces and their communes; safe to run again (models passed in for migrations)."""
    provinces = [
        province_model(code=int(p.code), name=p.name, codename=p.codename, division_type=str(p.division_type))
        for p in PackageProvince.iter_all()
    ]
    province_model.objects.bulk_create(
        provinces,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "codename", "division_type"],
    )
    communes = [
        commune_model(
            code=int(w.code),
            name=w.name,
            codename=w.codename,
            division_type=str(w.division_type),
            province_id=int(w.province_code),
        )
        for w in PackageWard.iter_all()
    ]
    commune_model.objects.bulk_create(
        communes,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "codename", "division_type", "province"],
    )
    return len(provinces), len(communes)


def province_code_for_name(name: str) -> int | None:
    """Today's province for a name, old or new: 'Quảng Bình' (merged 01/07/2025) → Quảng Trị's code."""
    wanted = search_key(name).removeprefix("tinh ").removeprefix("thanh pho ")
    for province in PackageProvince.iter_all():
        if search_key(province.name).removeprefix("tinh ").removeprefix("thanh pho ") == wanted:
            return int(province.code)
    matches = PackageProvince.search_from_legacy(name=name)
    return int(matches[0].province.code) if matches else None
