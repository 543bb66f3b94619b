from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "namro.documents"
    label = "documents"
    verbose_name = "Văn bản"
