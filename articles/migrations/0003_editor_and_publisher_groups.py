"""Create the Editor and Publisher groups with their article permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = [
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "view_article"),
    ("articles", "add_reference"),
    ("articles", "change_reference"),
    ("articles", "delete_reference"),
    ("articles", "view_reference"),
    ("articles", "view_articleevent"),
    ("articles", "view_claimphrase"),
    ("conditions", "view_condition"),
    ("practitioners", "view_practitioner"),
]
PUBLISHER_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    ("articles", "publish_article"),
    ("articles", "record_review"),
    ("articles", "delete_article"),
    ("articles", "add_claimphrase"),
    ("articles", "change_claimphrase"),
    ("articles", "delete_claimphrase"),
    ("conditions", "add_condition"),
    ("conditions", "change_condition"),
]


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    # (A migration's app configs have no models module, which create_permissions requires.)
    for app_config in apps.get_app_configs():
        stub = getattr(app_config, "models_module", None) is None
        if stub:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        if stub:
            app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in [("Editor", EDITOR_PERMISSIONS), ("Publisher", PUBLISHER_PERMISSIONS)]:
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Publisher"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_workflow_review_and_audit"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("conditions", "0001_initial"),
        ("practitioners", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
