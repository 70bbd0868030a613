#!/usr/bin/env bash
# Backs up Lộ Trình: the PostgreSQL database (pg_dump custom format) and the media directory (tar.gz)
# into LOTRINH_BACKUP_DIR, then deletes backups older than LOTRINH_BACKUP_KEEP_DAYS days.
# Reads the same environment as the application (DATABASE_URL, LOTRINH_MEDIA_ROOT); see docs/DEPLOY.md.
#
#   set -a; . /etc/lotrinh/lotrinh.env; set +a; deploy/backup.sh     # by hand
#   systemctl start lotrinh-backup.service                             # what the nightly timer runs
#
# The dump holds ID numbers encrypted with LOTRINH_FIELD_KEY: keep that key somewhere else, never beside
# the backups, and never lose it.
set -euo pipefail
umask 077  # the files hold personal data: readable by the backup user only

: "${DATABASE_URL:?DATABASE_URL is not set (load /etc/lotrinh/lotrinh.env first)}"
app_dir="$(cd "$(dirname "$0")/.." && pwd)"
backup_dir="${LOTRINH_BACKUP_DIR:-/var/backups/lotrinh}"
keep_days="${LOTRINH_BACKUP_KEEP_DAYS:-14}"
media_root="${LOTRINH_MEDIA_ROOT:-$app_dir/var/media}"
stamp="$(date +%Y%m%d-%H%M%S)"
db_file="$backup_dir/lotrinh-db-$stamp.dump"
media_file="$backup_dir/lotrinh-media-$stamp.tar.gz"

mkdir -p "$backup_dir"

# Database. Written under a temporary name and read back with pg_restore --list, so a file with the
# final name is always a complete, readable dump. (pg_dump takes a consistent snapshot; the site stays up.)
pg_dump --format=custom --dbname="$DATABASE_URL" --file="$db_file.partial"
pg_restore --list "$db_file.partial" >/dev/null
mv "$db_file.partial" "$db_file"

# Media (uploaded files). Restore with: tar -xzf lotrinh-media-….tar.gz -C "$LOTRINH_MEDIA_ROOT"
if [ -d "$media_root" ]; then
  tar --create --gzip --file="$media_file.partial" --directory="$media_root" .
  mv "$media_file.partial" "$media_file"
else
  echo "backup: media directory $media_root does not exist; no media archive written" >&2
  media_file=""
fi

# Retention, only once this backup has succeeded: files (and abandoned .partial files) older than keep_days.
find "$backup_dir" -maxdepth 1 -type f -name 'lotrinh-*' -mtime "+$keep_days" -print -delete

echo "backup: $db_file ($(du -h "$db_file" | cut -f1))${media_file:+, $media_file ($(du -h "$media_file" | cut -f1))}"
