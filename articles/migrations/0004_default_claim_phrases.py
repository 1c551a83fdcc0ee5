"""Start the admin-managed list of claim phrases with the usual absolute and curative words.

The list is copied here, not imported, so the migration stays the same when the code changes.
"""

from django.db import migrations

PHRASES = [
    'cure',
    'cures',
    'cured',
    'curing',
    'curative',
    'cure-all',
    'permanent cure',
    'proven',
    'clinically proven',
    'scientifically proven',
    'has proven effective',
    'guaranteed',
    'guarantee',
    'guarantees',
    '100%',
    '100 percent',
    '100 per cent',
    'works for everyone',
    'works for all',
    'always works',
    'never fails',
    'miracle',
    'miracles',
    'miraculous',
    'no side effects',
    'side-effect free',
    'without side effects',
    'free of side effects',
    'completely safe',
    'totally safe',
    'perfectly safe',
    '100% safe',
    'risk-free',
    'no risk',
    'permanent relief',
    'permanently',
    'instant relief',
    'immediate relief',
    'eliminates',
    'eliminate',
    'eradicates',
    'eradicate',
    'heals',
    'reverses',
    'we offer acupuncture for',
    'we treat',
    'treats',
    'effective treatment for',
]


def add_phrases(apps, schema_editor):
    ClaimPhrase = apps.get_model("articles", "ClaimPhrase")
    for phrase in PHRASES:
        ClaimPhrase.objects.get_or_create(phrase=phrase)


def remove_phrases(apps, schema_editor):
    apps.get_model("articles", "ClaimPhrase").objects.filter(phrase__in=PHRASES).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_editor_and_publisher_groups")]

    operations = [migrations.RunPython(add_phrases, remove_phrases)]
