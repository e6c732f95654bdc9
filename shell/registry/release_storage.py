"""Where deployed versions are published: one Django storage that every shell replica writes and
reads (a folder the replicas share, or an object store through django-storages), so every
replica serves every version.

The storage is ``STORAGES["bazaar_releases"]`` when the settings name one, else a
``ReleaseFolderStorage`` at ``PUBLISH_ROOT``. A version lives under ``<slug>/<version>/``: its
files, a brotli and a gzip copy beside each file worth compressing, and the marker ``.digest``
(what the version holds), written last. Readers treat a version without its marker as absent,
so publishing never exposes half-written files:

- a storage with ``publish_folder`` (``ReleaseFolderStorage``) writes the whole folder beside
  its place, marker included, and renames it into place: it appears whole or not at all;
- on any other storage (an object store has no rename) the files are written, then the marker.
  A publisher first leaves a claim (``.claim-<digest>-<id>``) and backs off when a publish of
  the same version with other content holds one, so two such publishes never mix their files.

Published versions are immutable: publishing one again with the same content changes nothing;
with other content it raises ``VersionTaken``.
"""

from __future__ import annotations

import functools
import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import timezone
from django.utils._os import safe_makedirs
from django.utils.functional import cached_property
from whitenoise.compress import Compressor

ALIAS = "bazaar_releases"
MARKER = ".digest"  # written last into a version: what it holds, and that it is whole
CLAIM_PREFIX = ".claim-"
CLAIM_TIMEOUT = timedelta(minutes=15)  # a claim older than this was left by a publish that died
STAGING_PREFIX = ".staging-"
COMPRESSED = (".br", ".gz")


class VersionTaken(Exception):
    """The version is published, or being published, with other content."""


class ReleaseFolderStorage(FileSystemStorage):
    """Releases in a folder, local or shared by the replicas (NFS, EFS…): ``location``, else
    ``PUBLISH_ROOT``. A version folder appears by one atomic rename."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PUBLISH_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PUBLISH_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def publish_folder(self, name: str, files: dict[str, bytes], digest: str) -> bool:
        """Write ``files`` and the marker to a staging folder beside ``name`` and rename it
        into place; returns whether this call created the folder."""
        target = Path(self.path(name))
        if _read_marker(self, f"{name}/{MARKER}") == digest:
            return False
        if target.exists():
            raise VersionTaken(name)
        self._make_folder(target.parent)
        staging = target.parent / f"{STAGING_PREFIX}{uuid.uuid4().hex}"
        try:
            self._make_folder(staging)
            for path, content in {**files, MARKER: digest.encode()}.items():
                destination = staging / path
                self._make_folder(destination.parent)
                destination.write_bytes(content)
                if self.file_permissions_mode is not None:
                    os.chmod(destination, self.file_permissions_mode)
            try:
                os.rename(staging, target)  # atomic; fails if the folder appeared meanwhile
            except OSError:
                if _read_marker(self, f"{name}/{MARKER}") == digest:  # another replica, same
                    return False
                raise VersionTaken(name) from None
            return True
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)

    def remove_folder(self, name: str) -> None:
        """Take a version folder back: renamed out of the served tree first, so readers never
        see it half gone; its app's folder goes too when nothing else is left in it."""
        target = Path(self.path(name))
        trash = target.parent / f".trash-{target.name}-{uuid.uuid4().hex}"
        try:
            os.rename(target, trash)
        except OSError:
            return
        shutil.rmtree(trash, ignore_errors=True)
        try:
            target.parent.rmdir()
        except OSError:
            pass

    def _make_folder(self, path: Path) -> None:
        if self.directory_permissions_mode is None:
            path.mkdir(parents=True, exist_ok=True)
        else:
            safe_makedirs(path, self.directory_permissions_mode, exist_ok=True)


@functools.cache
def releases() -> Storage:
    """The release storage (kept until ``STORAGES`` or ``PUBLISH_ROOT`` changes)."""
    if ALIAS in settings.STORAGES:
        return storages[ALIAS]
    return ReleaseFolderStorage()


@receiver(setting_changed)
def _forget_storage(*, setting: str, **kwargs) -> None:
    if setting in ("STORAGES", "PUBLISH_ROOT"):
        releases.cache_clear()


def file_name(slug: str, version: str, path: str = "") -> str:
    """The storage name of a version's folder, or of the file at ``path`` in it."""
    return f"{slug}/{version}/{path}" if path else f"{slug}/{version}"


def version_digest(slug: str, version: str) -> str | None:
    """The digest a completed version holds (None: not published, or not whole yet)."""
    return _read_marker(releases(), file_name(slug, version, MARKER))


def publish_version(*, slug: str, version: str, files: dict[str, bytes], digest: str) -> bool:
    """Publish ``files`` (by path in the version) with their compressed copies, whole for
    readers, and only once; returns whether this call published them. Raises
    ``VersionTaken`` if the version holds, or is being given, other content."""
    current = version_digest(slug, version)
    if current == digest:
        return False
    if current is not None:
        raise VersionTaken(file_name(slug, version))
    storage = releases()
    folder = file_name(slug, version)
    every = {**files, **compressed_copies(files)}
    publish_folder = getattr(storage, "publish_folder", None)
    if publish_folder is not None:
        return publish_folder(folder, every, digest)
    return _publish_marker_last(storage, folder, every, digest)


def unpublish_version(*, slug: str, version: str) -> None:
    """Take a version back (a deploy refused after publishing it): its marker first, so it is
    absent to readers before any file goes."""
    storage = releases()
    folder = file_name(slug, version)
    remove_folder = getattr(storage, "remove_folder", None)
    if remove_folder is not None:
        remove_folder(folder)
        return
    storage.delete(f"{folder}/{MARKER}")
    for path in list(_walk(storage, folder)):
        storage.delete(f"{folder}/{path}")


def read_version_files(slug: str, version: str, *, under: str = "") -> dict[str, bytes]:
    """The files of a completed version (below the folder ``under``), by path in the version,
    without their compressed copies. Raises FileNotFoundError if the version is not whole."""
    if version_digest(slug, version) is None:
        raise FileNotFoundError(f"{file_name(slug, version)} is not published")
    storage = releases()
    base = file_name(slug, version, under)
    paths = set(_walk(storage, base))
    files = {}
    for path in sorted(paths):
        if path.rsplit("/", 1)[-1].startswith(".") or _is_copy(path, paths):
            continue
        with storage.open(f"{base}/{path}") as file:
            files[f"{under}/{path}" if under else path] = file.read()
    return files


def has_local_files() -> bool:
    """Whether the release storage is a folder of this machine (local or shared)."""
    return isinstance(releases(), FileSystemStorage)


def local_path(name: str) -> Path | None:
    """Where the file ``name`` is on this machine's filesystem (a local or shared folder), for
    serving it from there; None when the storage has no local files (an object store)."""
    return Path(releases().path(name)) if has_local_files() else None


def stored_size(name: str) -> int | None:
    """The size of the stored file ``name`` (None: there is no such file)."""
    storage = releases()
    try:
        return storage.size(name) if storage.exists(name) else None
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def open_file(name: str) -> File:
    """The stored file ``name``, open for reading (streamed from the storage)."""
    return releases().open(name, "rb")


def compressed_copies(files: dict[str, bytes]) -> dict[str, bytes]:
    """A brotli (``.br``) and a gzip (``.gz``) copy of each file, where worth it."""
    compressor = Compressor(quiet=True)
    copies = {}
    for path, content in files.items():
        if not compressor.should_compress(path):
            continue
        if compressor.use_brotli:
            compressed = compressor.compress_brotli(content)
            if not compressor.is_compressed_effectively("br", path, len(content), compressed):
                continue  # (gzip would not do better)
            copies[path + ".br"] = compressed
        compressed = compressor.compress_gzip(content)
        if compressor.is_compressed_effectively("gzip", path, len(content), compressed):
            copies[path + ".gz"] = compressed
    return copies


def _is_copy(path: str, paths: set[str]) -> bool:
    return path.endswith(COMPRESSED) and path[:-3] in paths


def _read_marker(storage: Storage, name: str) -> str | None:
    try:
        with storage.open(name, "rb") as file:
            return file.read().decode()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def _publish_marker_last(
    storage: Storage, folder: str, files: dict[str, bytes], digest: str
) -> bool:
    """Publish on a storage without rename: claim the version, write every file, the marker
    last."""
    marker = f"{folder}/{MARKER}"
    claim = _claim(storage, folder, digest)
    try:
        # What a publish that died left behind (its claim was stale) is not this version's.
        for path in list(_walk(storage, folder)):
            if path not in files and path != MARKER and not path.startswith(CLAIM_PREFIX):
                storage.delete(f"{folder}/{path}")
        for path, content in files.items():
            _write(storage, f"{folder}/{path}", content)
        current = _read_marker(storage, marker)
        if current is None:
            saved = storage.save(marker, ContentFile(digest.encode()))
            if saved == marker:
                return True
            storage.delete(saved)  # a publish of the same content wrote its marker first
            current = _read_marker(storage, marker)
        if current == digest:
            return False
        raise VersionTaken(folder)
    finally:
        storage.delete(claim)


def _claim(storage: Storage, folder: str, digest: str) -> str:
    """Leave this publish's claim on ``folder``, then back off if a publish of other content
    holds one: of two such publishes at once, at least one sees the other's claim."""
    claim = storage.save(f"{folder}/{CLAIM_PREFIX}{digest}-{uuid.uuid4().hex}", ContentFile(b""))
    _, names = _listdir(storage, folder)
    for name in names:
        if not name.startswith(CLAIM_PREFIX) or name.startswith(f"{CLAIM_PREFIX}{digest}-"):
            continue
        other = f"{folder}/{name}"
        if _is_stale(storage, other):
            storage.delete(other)
            continue
        storage.delete(claim)
        raise VersionTaken(folder)
    return claim


def _is_stale(storage: Storage, claim: str) -> bool:
    try:
        return storage.get_modified_time(claim) < timezone.now() - CLAIM_TIMEOUT
    except FileNotFoundError:  # the other publish is over
        return True
    except NotImplementedError:  # cannot tell: it may be alive
        return False


def _write(storage: Storage, name: str, content: bytes) -> None:
    """Store ``content`` as ``name`` exactly (``save`` picks another name when it is taken)."""
    if storage.exists(name):
        with storage.open(name, "rb") as file:
            if file.read() == content:  # a publish of the same content wrote it
                return
        storage.delete(name)
    saved = storage.save(name, ContentFile(content))
    if saved != name:  # a publish of the same content wrote it meanwhile
        storage.delete(saved)


def _listdir(storage: Storage, name: str) -> tuple[list[str], list[str]]:
    try:
        return storage.listdir(name)
    except (FileNotFoundError, NotADirectoryError):
        return [], []


def _walk(storage: Storage, folder: str) -> Iterator[str]:
    """Every file below ``folder``, by path relative to it."""
    folders, names = _listdir(storage, folder)
    yield from names
    for sub in folders:
        yield from (f"{sub}/{path}" for path in _walk(storage, f"{folder}/{sub}"))
