"""Production settings, checked the way a server loads them: in a fresh process, from environment variables."""

import os
import subprocess
import sys
from pathlib import Path

from cryptography.fernet import Fernet

BASE_DIR = Path(__file__).resolve().parents[3]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    # Start from a clean slate: nothing from the developer's shell (LOTRINH_*, DATABASE_URL) leaks in.
    base = {k: v for k, v in os.environ.items() if not k.startswith("LOTRINH_") and k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "LOTRINH_SECRET_KEY": "k9#Vq2!xLw7@Rz4$Tn8^Pm3&Hs6*Jd1(Fb5)Gc0-Ye2+Ua9=Ni4_Ok7~Zr3",
        "LOTRINH_FIELD_KEY": Fernet.generate_key().decode(),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "LOTRINH_ALLOWED_HOSTS": "lotrinh.example.vn",
        "LOTRINH_SITE_DOMAIN": "lotrinh.example.vn",
        "LOTRINH_CSRF_TRUSTED_ORIGINS": "https://lotrinh.example.vn",
    }


def test_it_passes_the_deploy_check_without_a_single_warning(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr


def test_it_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["LOTRINH_SECRET_KEY"]

    result = run(["-c", "import config.settings.production"], env)

    assert result.returncode != 0
    assert "LOTRINH_SECRET_KEY" in result.stderr


def test_it_refuses_to_start_with_a_short_or_development_secret_key(tmp_path):
    for key in ["too-short", "dev-only-insecure-key-change-me-for-production-0123456789"]:
        result = run(
            ["-c", "import config.settings.production"], {**production_env(tmp_path), "LOTRINH_SECRET_KEY": key}
        )

        assert result.returncode != 0
        assert "LOTRINH_SECRET_KEY" in result.stderr


def test_it_refuses_to_start_without_a_valid_field_key(tmp_path):
    for key in ["", "not-a-fernet-key"]:
        result = run(
            ["-c", "import config.settings.production"], {**production_env(tmp_path), "LOTRINH_FIELD_KEY": key}
        )

        assert result.returncode != 0
        assert "LOTRINH_FIELD_KEY" in result.stderr


def test_it_refuses_to_start_without_a_database_url(tmp_path):
    """Otherwise it would quietly run on a SQLite file in var/ that no backup covers."""
    env = production_env(tmp_path)
    del env["DATABASE_URL"]

    result = run(["-c", "import config.settings.production"], env)

    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_it_refuses_to_start_without_the_site_domain(tmp_path):
    """E-mailed password links would otherwise point at the developer's 127.0.0.1:8000."""
    env = production_env(tmp_path)
    del env["LOTRINH_SITE_DOMAIN"]

    result = run(["-c", "import config.settings.production"], env)

    assert result.returncode != 0
    assert "LOTRINH_SITE_DOMAIN" in result.stderr


def test_it_has_a_gunicorn_config_that_gunicorn_accepts(tmp_path):
    result = run(["-m", "gunicorn", "--check-config", "-c", "deploy/gunicorn.conf.py"], production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr


def test_it_has_a_backup_script_that_bash_can_parse():
    result = subprocess.run(["bash", "-n", str(BASE_DIR / "deploy" / "backup.sh")], capture_output=True, text=True)

    assert result.returncode == 0, result.stderr
