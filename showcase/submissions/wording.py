"""Words shown to people for states, review outcomes and processing failures."""

from __future__ import annotations

from flask_babel import gettext as _

from .models import Eligibility, ProcessingState


def state_label(state: ProcessingState | str) -> str:
    """The processing state in the reader's language."""
    return {
        "queued": _("Waiting to be processed"),
        "processing": _("Processing"),
        "ready": _("Ready"),
        "failed": _("Processing failed"),
    }[str(state)]


def eligibility_label(eligibility: Eligibility | str) -> str:
    """The review outcome in the reader's language."""
    return {
        "pending": _("Not reviewed yet"),
        "eligible": _("Eligible"),
        "disqualified": _("Disqualified"),
    }[str(eligibility)]


def orientation_label(orientation: str) -> str:
    """Portrait, landscape or square, in the reader's language."""
    return {"portrait": _("Vertical"), "landscape": _("Horizontal"), "square": _("Square")}[orientation]


def failure_message(code: str) -> str:
    """Why processing failed, for the team."""
    messages = {
        "truncated": _("The video ends early: the file seems to be cut off. Please upload the complete file again."),
        "damaged": _("Part of the video could not be read: the file seems to be damaged. Please export it again and upload it."),
        "unreadable": _("The video could not be opened for processing. Please upload it again."),
        "frame_size": _("Part of the video has a picture far larger than a phone records (the file may have been "
                        "tampered with). Please export it again as a normal phone video, for example 1080×1920."),
        "frame_rate": _("The video has far more frames than a phone records. Please export it at a normal frame "
                        "rate (for example 30 fps) and upload it again."),
        "stalled": _("Processing stopped unexpectedly. Please upload the video again, or contact the organizers."),
        "processing_error": _("Processing did not succeed after several tries. Please upload the video again, or contact the organizers."),
    }
    return messages.get(code, messages["processing_error"])


def video_length(seconds: float | int | None) -> str:
    """m:ss, as people read video lengths."""
    from .probe import format_duration

    return format_duration(seconds or 0)


def file_size(size: int | None) -> str:
    """A byte count in MB or GB."""
    from .uploads import format_size

    return format_size(size or 0)


def init_app(app) -> None:
    """Expose the labels as template filters."""
    app.add_template_filter(video_length, "video_length")
    app.add_template_filter(file_size, "file_size")
    app.add_template_filter(state_label, "submission_state")
    app.add_template_filter(eligibility_label, "eligibility_label")
    app.add_template_filter(orientation_label, "orientation_label")
    app.add_template_filter(failure_message, "failure_message")
