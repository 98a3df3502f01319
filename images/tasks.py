"""Background work of the library, run by `manage.py db_worker` (or at once: see TASKS in settings)."""

from django_tasks import task

from . import renditions
from .models import Image


@task()
def make_renditions(image_id):
    """Make the renditions of one library image and record them on its row."""
    image = Image.objects.filter(pk=image_id).first()
    if image is None or not image.file:
        return
    info = renditions.build(image.file.name)
    from .workflow import record_renditions  # not at the top: the workflow queues this task

    record_renditions(image_id, info)
