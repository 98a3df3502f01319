"""File clean-up: a deleted library image takes its original and renditions with it, once the
deletion is committed (a rolled-back delete keeps its files)."""

from functools import partial

from django.db import transaction

from . import renditions


def delete_files(sender, instance, **kwargs):
    if instance.file:
        name, info, storage = instance.file.name, instance.renditions, instance.file.storage
        transaction.on_commit(partial(_delete, storage, name, info))


def _delete(storage, name, info):
    renditions.delete(name, info)
    if storage.exists(name):
        storage.delete(name)
