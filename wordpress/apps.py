from django.apps import AppConfig


class WordPressConfig(AppConfig):
    name = "wordpress"
    label = "wordpress"
    verbose_name = "WordPress"
