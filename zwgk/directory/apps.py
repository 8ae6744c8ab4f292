from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "zwgk.directory"
    label = "directory"
    verbose_name = "公共企事业单位信息公开"
