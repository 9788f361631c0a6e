"""Checking an uploaded file with PyAV before it is kept: container, stream, duration, size, integrity."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import av
from flask_babel import lazy_gettext as _l

from .refusals import InvalidVideo

#: FFmpeg demuxer names we accept, and what we call them
ALLOWED_CONTAINERS = {"mov,mp4,m4a,3gp,3g2,mj2": "mp4", "matroska,webm": "webm"}
MIN_SIDE = 120
MAX_SIDE = 4096
MAX_ASPECT = 4.0
#: the most frames per second a phone records (slow-motion 120 fps); more is refused
MAX_FRAME_RATE = 120
#: no decoded frame may be larger than this (4096×4096): the decoder refuses to allocate one
MAX_PIXELS = MAX_SIDE * MAX_SIDE
#: decoder options for every file we open: bounded frame size and threads, so a bomb cannot take memory
DECODER_OPTIONS = {"max_pixels": str(MAX_PIXELS)}
DECODER_THREADS = 2
#: how much shorter than its declared duration the packets may end before the file counts as cut off
TRUNCATION_SLACK_SECONDS = 1.0
DURATION_TOLERANCE_SECONDS = 0.5


@dataclass
class VideoInfo:
    """What probing found: display size (rotation applied), duration and container."""

    container: str
    width: int
    height: int
    rotation: int
    duration: float
    has_audio: bool
    warnings: list[str] = field(default_factory=list)

    @property
    def is_landscape(self) -> bool:
        """Wider than tall."""
        return self.width > self.height


def clockwise_rotation(frame_rotation: float | int | None) -> int:
    """Clockwise degrees to turn stored frames upright, from PyAV's counter-clockwise display rotation."""
    if not frame_rotation:
        return 0
    return int(round(-float(frame_rotation) / 90.0)) * 90 % 360


def refuse(code: str, message) -> InvalidVideo:
    """An InvalidVideo with ``code`` and a message for the team."""
    return InvalidVideo(message, code=code)


def probe_video(path: Path, max_duration: float) -> VideoInfo:
    """Check ``path`` and describe it; raises InvalidVideo saying why it is refused."""
    if path.stat().st_size == 0:
        raise refuse("empty", _l("The file is empty. Choose the video again and retry."))
    try:
        container = av.open(str(path), mode="r", metadata_errors="replace")
    except (av.FFmpegError, UnicodeDecodeError, ValueError, OSError):
        raise refuse("not_a_video", _l("This file is not a video we can read. Please upload an MP4, MOV or WebM video.")) from None
    try:
        return _inspect(container, max_duration)
    finally:
        container.close()


def _inspect(container, max_duration: float) -> VideoInfo:
    kind = ALLOWED_CONTAINERS.get(container.format.name)
    if kind is None:
        raise refuse("not_a_video", _l("This file is not a video we can read. Please upload an MP4, MOV or WebM video."))
    if not container.streams.video:
        raise refuse("no_video", _l("This file has no picture (it may be sound only). Please upload a video."))
    stream = container.streams.video[0]
    duration = _duration(container, stream)
    if duration is None or duration <= 0:
        raise refuse("no_duration", _l("We could not tell how long this video is; the file may be damaged. Please export it again."))
    if duration > max_duration + DURATION_TOLERANCE_SECONDS:
        raise refuse("too_long", _l("The video is %(actual)s long; the limit is %(limit)s. Please shorten it and upload again.",
                                    actual=format_duration(duration), limit=format_duration(max_duration)))
    width, height = stream.codec_context.width, stream.codec_context.height
    _check_dimensions(width, height)
    _check_frame_rate(stream)
    first_frame, last_time = _scan(container, stream, max_frames(max_duration))
    if first_frame is None:
        raise refuse("undecodable", _l("We could not read any picture from this video; the file may be damaged. Please export it again."))
    if last_time is None or last_time < duration - max(TRUNCATION_SLACK_SECONDS, duration * 0.05):
        raise refuse("truncated", _l("The video seems to be cut off (the upload or copy may not have finished). Please upload the complete file."))
    rotation = clockwise_rotation(first_frame.rotation)
    if rotation in (90, 270):
        width, height = height, width
    info = VideoInfo(container=kind, width=width, height=height, rotation=rotation, duration=duration,
                     has_audio=bool(container.streams.audio))
    if info.is_landscape:
        info.warnings.append("landscape")
    return info


def _duration(container, stream) -> float | None:
    if stream.duration is not None and stream.time_base is not None and stream.duration > 0:
        return float(stream.duration * stream.time_base)
    if container.duration is not None and container.duration > 0:  # WebM: only the container knows
        return container.duration / av.time_base
    return None


def _check_dimensions(width: int, height: int) -> None:
    if not width or not height or min(width, height) < MIN_SIDE or max(width, height) > MAX_SIDE \
            or max(width, height) / min(width, height) > MAX_ASPECT:
        raise refuse("bad_dimensions", _l("The picture size %(width)d×%(height)d is not one we can screen. Please upload a normal phone video (for example 1080×1920).",
                                          width=width or 0, height=height or 0))


def max_frames(max_duration: float) -> int:
    """The most frames a video of the allowed length may hold at the highest allowed frame rate."""
    return int((max_duration + DURATION_TOLERANCE_SECONDS) * MAX_FRAME_RATE) + MAX_FRAME_RATE


def _too_many_frames() -> InvalidVideo:
    return refuse("frame_rate", _l("This video has more than %(max)d frames per second. Please export it at a "
                                   "normal frame rate (for example 30 fps).", max=MAX_FRAME_RATE))


def _check_frame_rate(stream) -> None:
    rate = stream.average_rate or stream.guessed_rate
    if rate is not None and float(rate) > MAX_FRAME_RATE:
        raise _too_many_frames()


def open_decoder(stream) -> None:
    """Bound what decoding ``stream`` may allocate: frame size (max_pixels) and threads."""
    stream.codec_context.options = dict(DECODER_OPTIONS)
    stream.thread_count = DECODER_THREADS


def _scan(container, stream, frame_limit: int):
    """Decode the first frame and read (without decoding) every packet to find where the video ends.

    Stops early, refusing the file, when it holds more frames than its length allows.
    """
    first_frame = None
    last_time: float | None = None
    packets = 0
    open_decoder(stream)
    try:
        for packet in container.demux(stream):
            if packet.size == 0:
                continue
            packets += 1
            if packets > frame_limit:
                raise _too_many_frames()
            if first_frame is None:
                for frame in packet.decode():
                    first_frame = frame
                    break
            if packet.pts is not None and packet.time_base is not None:
                end = float((packet.pts + (packet.duration or 0)) * packet.time_base)
                if math.isfinite(end):
                    last_time = end if last_time is None else max(last_time, end)
        if first_frame is None:
            for frame in stream.codec_context.decode(None):
                first_frame = frame
                break
    except (av.FFmpegError, EOFError):
        raise refuse("truncated", _l("The video seems to be cut off (the upload or copy may not have finished). Please upload the complete file.")) from None
    if last_time is not None and stream.start_time is not None and stream.time_base is not None:
        last_time -= float(stream.start_time * stream.time_base)
    return first_frame, last_time


def format_duration(seconds: float) -> str:
    """m:ss, as people read video lengths."""
    total = int(round(seconds))
    return f"{total // 60}:{total % 60:02d}"
