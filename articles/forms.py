"""Forms of the article admin's own pages."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

from articles.importing import MAX_FILE_BYTES, ImportSource

MAX_IMPORT_FILES = 20


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes several files at once; cleans to a list (Django's recipe)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        single_file_clean = super().clean
        if isinstance(data, list | tuple):
            files = [single_file_clean(item, initial) for item in data]
        else:
            files = [single_file_clean(data, initial)]
        return [file for file in files if file]


class ImportDraftsForm(forms.Form):
    """Upload plain-text files or paste one text, to import as draft articles."""

    files = MultipleFileField(
        label="Text files",
        required=False,
        # An empty file is reported for that file alone, like every other unreadable one.
        allow_empty_file=True,
        widget=MultipleFileInput(attrs={"accept": ".txt,text/plain"}),
    )
    text = forms.CharField(
        label="Or paste a text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 80}),
    )
    name = forms.CharField(
        label="Name for the pasted text",
        required=False,
        max_length=255,
        help_text=(
            "Like a file name, e.g. “nerve-pain.txt”: importing again under the same name "
            "updates the same draft. Leave empty to name it after its title."
        ),
    )
    dry_run = forms.BooleanField(
        label="Dry run: show what would happen, save nothing", required=False
    )
    force = forms.BooleanField(
        label="Also replace articles that are published or in review (they go back to draft)",
        required=False,
    )

    def __init__(self, *args, can_force: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_force:
            del self.fields["force"]
        per_file = filesizeformat(MAX_FILE_BYTES)
        self.fields["files"].help_text = (
            f"Plain-text files (.txt), up to {MAX_IMPORT_FILES} at a time and {per_file} each. "
            "Each becomes a draft article; none is published."
        )
        self.fields["text"].help_text = (
            "One article: the first line is the title (a “Meta-description:” line may come "
            "before it). The whole form, pasted text included, may carry at most "
            f"{filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)}; upload longer texts "
            "as files."
        )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_IMPORT_FILES:
            raise ValidationError(
                f"You chose {len(files)} files: import at most {MAX_IMPORT_FILES} at a time."
            )
        too_big = [
            f"“{file.name}” is {filesizeformat(file.size)}: the limit is "
            f"{filesizeformat(MAX_FILE_BYTES)} per file."
            for file in files
            if file.size > MAX_FILE_BYTES
        ]
        if too_big:
            raise ValidationError(too_big)
        return files

    def clean(self):
        cleaned_data = super().clean()
        if not cleaned_data.get("files") and not cleaned_data.get("text", "").strip():
            if not self.errors:
                raise ValidationError("Choose one or more text files, or paste a text.")
        return cleaned_data

    def sources(self) -> list[ImportSource]:
        """The texts to import: each file, then the pasted text (named after its title)."""
        sources = [
            ImportSource(name=file.name, data=file.read()) for file in self.cleaned_data["files"]
        ]
        if self.cleaned_data["text"].strip():
            sources.append(
                ImportSource(
                    name=self.cleaned_data["name"].strip(),
                    data=self.cleaned_data["text"].encode("utf-8"),
                )
            )
        return sources
