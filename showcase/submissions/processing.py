"""Full decode, poster frame and the browser-friendly H.264/AAC copy of an uploaded video (PyAV).

One pass does all three: every frame is decoded (only this finds a file cut off or damaged in the
middle), turned upright by its rotation metadata, scaled to fit 720×1280 (1280×720 for landscape),
encoded with libx264, and one early frame becomes the JPEG poster. Output goes to the temporary
paths the caller gives; the caller moves them into place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from time import monotonic
from typing import Any

import av

from .probe import MAX_FRAME_RATE, MAX_SIDE, max_frames, open_decoder

MAX_LONG_SIDE = 1280
MAX_SHORT_SIDE = 720
#: x264 settings chosen so a 60 s 1080×1920 clip transcodes in under half its length on 2 cores
X264_OPTIONS = {"preset": "superfast", "crf": "23", "profile": "high", "level": "4.0"}
AUDIO_BITRATE = 128_000
POSTER_AT_SECONDS = 1.0
#: progress is reported (the job's heartbeat) at least this often, however slow the decode
HEARTBEAT_SECONDS = 10.0
POSTER_QUALITY = 85


class DamagedVideo(Exception):
    """The file cannot be decoded to its end (cut off or corrupt); ``code`` names the kind."""

    def __init__(self, code: str, detail: str):
        super().__init__(detail)
        self.code = code
        self.detail = detail


@dataclass
class ProcessedVideo:
    """Facts about the copy that was made."""

    width: int
    height: int
    duration: float
    frames: int


def output_size(width: int, height: int) -> tuple[int, int]:
    """The copy's size: fits 720×1280 (or 1280×720), never upscaled, even numbers."""
    long_side, short_side = max(width, height), min(width, height)
    scale = min(1.0, MAX_LONG_SIDE / long_side, MAX_SHORT_SIDE / short_side)
    return max(2, int(width * scale) // 2 * 2), max(2, int(height * scale) // 2 * 2)


def _video_graph(stream, rotation: int, size: tuple[int, int]):
    graph = av.filter.Graph()
    nodes = [graph.add_buffer(template=stream)]
    if rotation == 90:
        nodes.append(graph.add("transpose", "clock"))
    elif rotation == 270:
        nodes.append(graph.add("transpose", "cclock"))
    elif rotation == 180:
        nodes.append(graph.add("hflip"))
        nodes.append(graph.add("vflip"))
    nodes.append(graph.add("scale", f"{size[0]}:{size[1]}:flags=bilinear"))
    nodes.append(graph.add("format", "yuv420p"))
    nodes.append(graph.add("buffersink"))
    for upstream, downstream in zip(nodes, nodes[1:], strict=False):
        upstream.link_to(downstream)
    graph.configure()
    return graph


def transcode(source: Path, video_out: Path, poster_out: Path, *, rotation: int, display_size: tuple[int, int],
              duration: float, progress: Callable[[float], object] | None = None) -> ProcessedVideo:
    """Decode ``source`` fully, write the H.264/AAC faststart MP4 and the JPEG poster."""
    size = output_size(*display_size)
    try:
        source_container = av.open(str(source), metadata_errors="replace")
    except av.FFmpegError as exc:
        raise DamagedVideo("unreadable", f"cannot open: {exc}") from None
    frame_limit = max_frames(duration)
    with source_container as src:
        vin = src.streams.video[0]
        open_decoder(vin)  # a frame above 4096×4096 is refused by the decoder before it is allocated
        vin.thread_type = "AUTO"
        ain = src.streams.audio[0] if src.streams.audio else None
        rate = vin.average_rate or vin.guessed_rate or Fraction(30)
        if rate > 60 or rate <= 0:
            rate = Fraction(30)
        with av.open(str(video_out), "w", format="mp4", options={"movflags": "+faststart"}) as out:
            vout = out.add_stream("libx264", rate=rate, options=dict(X264_OPTIONS))
            vout.width, vout.height = size
            vout.pix_fmt = "yuv420p"
            vout.codec_context.time_base = vin.time_base  # type: ignore[assignment]  # av: Optional; a demuxed stream has one
            aout = None
            if ain is not None:
                aout = out.add_stream("aac", rate=48000, layout="stereo")
                aout.bit_rate = AUDIO_BITRATE
            graph = _video_graph(vin, rotation, size)
            state: dict[str, Any] = {"frames": 0, "decoded": 0, "beat_at": monotonic(), "last_pts": None, "last_time": 0.0, "poster": False, "reported": -1}

            def check(frame) -> None:
                """Every decoded frame: its size (the header proves nothing) and the running count."""
                if max(frame.width, frame.height) > MAX_SIDE:
                    raise DamagedVideo("frame_size", f"a frame of {frame.width}x{frame.height}")
                state["decoded"] += 1
                if state["decoded"] > frame_limit:
                    raise DamagedVideo("frame_rate", f"more than {frame_limit} frames "
                                                     f"(over {MAX_FRAME_RATE} per second)")

            def emit(frame):
                if frame.pts is None or (state["last_pts"] is not None and frame.pts <= state["last_pts"]):
                    return
                state["last_pts"] = frame.pts
                time = float(frame.pts * vin.time_base) - float((vin.start_time or 0) * vin.time_base)  # type: ignore[operator]  # as above
                state["last_time"] = max(state["last_time"], time)
                if not state["poster"] and (time >= min(POSTER_AT_SECONDS, duration / 3)):
                    frame.to_image().save(poster_out, "JPEG", quality=POSTER_QUALITY)
                    state["poster"] = True
                frame.time_base = vin.time_base
                for packet in vout.encode(frame):
                    out.mux(packet)
                state["frames"] += 1
                percent = int(min(99, 100 * time / duration)) if duration else 0
                beat_due = monotonic() - state["beat_at"] >= HEARTBEAT_SECONDS
                if progress and (percent >= state["reported"] + 2 or beat_due):
                    state["reported"] = max(percent, state["reported"])
                    state["beat_at"] = monotonic()
                    progress(state["reported"])

            def drain():
                while True:
                    try:
                        emit(graph.pull())
                    except (av.BlockingIOError, av.EOFError):
                        return

            streams = [s for s in (vin, ain) if s is not None]
            try:
                for packet in src.demux(*streams):
                    for frame in packet.decode():
                        if packet.stream is vin:
                            check(frame)
                            graph.push(frame)
                            drain()
                        elif aout is not None:
                            frame.pts = None  # type: ignore[union-attr]  # demux() reads only the video and audio streams
                            for apacket in aout.encode(frame):  # type: ignore[arg-type]  # an audio packet decodes to AudioFrames
                                out.mux(apacket)
                graph.push(None)
                drain()
            except av.error.ArgumentError as exc:  # max_pixels: the decoder refused a frame too large to allocate
                raise DamagedVideo("frame_size", f"a frame larger than the limit at {state['last_time']:.1f}s: "
                                                 f"{exc}") from None
            except av.FFmpegError as exc:
                raise DamagedVideo("damaged", f"decoding stopped at {state['last_time']:.1f}s: {exc}") from None
            for packet in vout.encode(None):
                out.mux(packet)
            if aout is not None:
                for packet in aout.encode(None):
                    out.mux(packet)
    if state["frames"] == 0:
        raise DamagedVideo("damaged", "no picture could be decoded")
    frame_gap = 1 / float(rate)
    if state["last_time"] + frame_gap < duration - max(1.0, duration * 0.05):
        raise DamagedVideo("truncated", f"the picture ends at {state['last_time']:.1f}s of {duration:.1f}s")
    if not state["poster"]:
        raise DamagedVideo("damaged", "no frame for the poster")
    return ProcessedVideo(width=size[0], height=size[1], duration=duration, frames=state["frames"])
