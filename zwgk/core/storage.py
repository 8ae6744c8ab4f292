"""The media storage: Django's file system storage that fails cleanly when the disk is full.

Django's FileSystemStorage leaves the partly written file behind on ENOSPC and lets the OSError
become a 500. Here the partial file is removed and StorageFull (503, "storage_full") tells the
user the file was not kept; the caller's transaction rolls back, so no row points at a missing
or truncated file.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
from typing import Any

from django.core.files.storage import FileSystemStorage

from zwgk.core.errors import StorageFull

logger = logging.getLogger(__name__)

_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class MediaStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        full_path = self.path(name)
        existed = os.path.lexists(full_path)
        try:
            return super()._save(name, content)
        except OSError as exc:
            if exc.errno not in _FULL:
                raise
            if not existed:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(full_path)
            logger.error("media storage full: %s not saved (%s)", name, exc.strerror)
            raise StorageFull("服务器存储空间不足，文件未能保存，请稍后再试。") from exc
