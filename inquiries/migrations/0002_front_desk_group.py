"""The "Front desk" group: staff who answer booking inquiries, and nobody else, see them."""

from django.db import migrations

GROUP_NAME = "Front desk"
PERMISSIONS = {
    "inquiry": ["view", "change"],
    "inquirynotification": ["view"],
}
VERBOSE_NAMES = {"inquiry": "inquiry", "inquirynotification": "inquiry notification"}


def create_front_desk_group(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    # On a new database the permissions do not exist yet (Django creates them after the
    # last migration), so create the ones the group needs, as Django itself would.
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for model, actions in PERMISSIONS.items():
        content_type, _ = ContentType.objects.get_or_create(app_label="inquiries", model=model)
        for action in actions:
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type,
                codename=f"{action}_{model}",
                defaults={"name": f"Can {action} {VERBOSE_NAMES[model]}"},
            )
            group.permissions.add(permission)


def remove_front_desk_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("inquiries", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_front_desk_group, remove_front_desk_group)]
