import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

USERNAME = "admin"


class Command(BaseCommand):
    help = (
        "On a development database with no superuser, create one with a fresh random "
        "password and print the login once. Does nothing under production settings."
    )

    def add_arguments(self, parser):
        parser.add_argument("--admin-url", default="http://127.0.0.1:8000/admin/")

    def handle(self, *args, admin_url, **options):
        if not settings.DEBUG:
            self.stdout.write("Production settings are active (DJANGO_DEBUG is off): no account created.")
            return
        users = get_user_model()
        if users.objects.filter(is_superuser=True).exists():
            return
        username = USERNAME
        while users.objects.filter(username=username).exists():
            username = f"{USERNAME}-{secrets.token_hex(2)}"
        password = secrets.token_urlsafe(18)
        users.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS("A local administrator account was created. It is shown only this once:")
        )
        self.stdout.write(f"  Admin:    {admin_url}\n  Username: {username}\n  Password: {password}")
