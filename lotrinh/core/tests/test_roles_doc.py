"""docs/ARCHITECTURE.md copies the role table; it must say what the code does."""

from pathlib import Path

from lotrinh.core.roles import PERMISSIONS, ROLE_PERMISSIONS, Role

DOC = Path(__file__).resolve().parents[3] / "docs" / "ARCHITECTURE.md"


def _documented() -> dict[str, set[str]]:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- roles-table:start -->")[1].split("<!-- roles-table:end -->")[0].strip().splitlines()
    roles = [cell.strip() for cell in table[0].strip("|").split("|")[1:]]
    granted: dict[str, set[str]] = {role: set() for role in roles}
    for line in table[2:]:
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        for role, cell in zip(roles, cells[1:], strict=True):
            if cell == "✓":
                granted[role].add(cells[0].strip("`"))
    return granted


def test_it_documents_the_role_table_as_the_code_has_it():
    assert _documented() == {role.value: set(ROLE_PERMISSIONS[role]) for role in Role}


def test_it_grants_only_declared_permissions():
    for permissions in ROLE_PERMISSIONS.values():
        assert permissions <= set(PERMISSIONS)
