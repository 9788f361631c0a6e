"""Real test videos made with PyAV (FFmpeg's lavfi test sources), and the bad-input corpus."""

from __future__ import annotations

from pathlib import Path

import av


def make_video(path: Path, *, width: int = 180, height: int = 320, seconds: float = 2.0, fps: int = 10,
            container: str = "mp4", rotation: int = 0, faststart: bool = False, audio: bool = True,
            video: bool = True, bitrate: int | None = None) -> Path:
    """A small real video: a moving test pattern and a tone, as MP4/MOV (H.264/AAC) or WebM (VP9/Opus); sound only when video=False."""
    options = {"movflags": "+faststart"} if faststart and container in ("mp4", "mov") else {}
    fmt = {"mp4": "mp4", "mov": "mov", "webm": "webm", "m4a": "mp4"}[container]
    with av.open(str(path), "w", format=fmt, options=options) as out:
        vstream = astream = None
        if video:
            if container == "webm":
                vstream = out.add_stream("libvpx-vp9", rate=fps, options={"deadline": "realtime", "cpu-used": "8"})
            else:
                vstream = out.add_stream("libx264", rate=fps, options={"preset": "ultrafast"})
            vstream.width, vstream.height, vstream.pix_fmt = width, height, "yuv420p"
            if bitrate:
                vstream.bit_rate = bitrate
            if rotation:
                vstream.set_display_rotation(rotation)
        if audio:
            astream = out.add_stream("libopus" if container == "webm" else "aac", rate=48000, layout="stereo")
        sources = []
        if vstream is not None:
            sources.append((vstream, f"testsrc2=size={width}x{height}:rate={fps}:duration={seconds}", "yuv420p"))
        if astream is not None:
            sources.append((astream, f"sine=frequency=440:sample_rate=48000:duration={seconds}", None))
        for stream, spec, pix_fmt in sources:
            with av.open(spec, format="lavfi") as src:
                for frame in src.decode(src.streams[0]):
                    if pix_fmt:
                        frame = frame.reformat(format=pix_fmt)
                    else:
                        frame.pts = None
                    for packet in stream.encode(frame):
                        out.mux(packet)
            for packet in stream.encode(None):
                out.mux(packet)
    return path


def truncate(source: Path, target: Path, fraction: float = 0.6) -> Path:
    """A copy of ``source`` cut off after ``fraction`` of its bytes (an interrupted copy)."""
    data = source.read_bytes()
    target.write_bytes(data[: int(len(data) * fraction)])
    return target


def make_png(path: Path) -> Path:
    """A real PNG image."""
    from PIL import Image

    Image.new("RGB", (64, 64), (200, 80, 40)).save(path, "PNG")
    return path


def make_pdf(path: Path) -> Path:
    """A real (tiny) PDF document."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def pad_mp4(source: Path, target: Path, size: int) -> Path:
    """A copy of an MP4 grown to ``size`` bytes with a trailing 'free' box (still a valid video)."""
    data = source.read_bytes()
    padding = max(8, size - len(data))
    target.write_bytes(data + padding.to_bytes(4, "big") + b"free" + b"\0" * (padding - 8))
    return target


def _flat_frame(width: int, height: int, shade: int, pts: int, time_base):
    frame = av.VideoFrame(width, height, "yuv420p")
    for plane in frame.planes:
        plane.update(bytes([shade % 256]) * plane.buffer_size)
    frame.pts, frame.time_base = pts, time_base
    return frame


def make_size_switching_webm(path: Path, *, small: tuple[int, int] = (320, 568), big: tuple[int, int] = (10000, 10000),
                             fps: int = 10, small_frames: int = 10) -> Path:
    """A WebM (VP8) whose header and first second say 320×568 and whose next frame is 10000×10000.

    Only the first encoder's size reaches the container header; the second encoder's keyframe
    carries its own size in the bitstream, as a resolution change mid-stream does.
    """
    from fractions import Fraction

    time_base = Fraction(1, fps)
    options = {"deadline": "realtime", "cpu-used": "16", "lag-in-frames": "0"}
    with av.open(str(path), "w", format="webm") as out:
        stream = out.add_stream("libvpx", rate=fps, options=dict(options))
        stream.width, stream.height, stream.pix_fmt = small[0], small[1], "yuv420p"
        for index in range(small_frames):
            for packet in stream.encode(_flat_frame(*small, index * 40, index, time_base)):
                out.mux(packet)
        for packet in stream.encode(None):
            out.mux(packet)
        big_encoder = av.CodecContext.create("libvpx", "w")
        big_encoder.width, big_encoder.height, big_encoder.pix_fmt = big[0], big[1], "yuv420p"
        big_encoder.time_base, big_encoder.framerate, big_encoder.options = time_base, Fraction(fps), dict(options)
        big_encoder.open()
        for packet in [*big_encoder.encode(_flat_frame(*big, 200, small_frames, time_base)), *big_encoder.encode(None)]:
            packet.stream = stream
            out.mux(packet)
    return path


def make_high_frame_rate_clip(path: Path, *, fps: int = 1000, seconds: int = 60, width: int = 128,
                              height: int = 224) -> Path:
    """An H.264 MP4 of ``fps`` frames a second for ``seconds``: one encoded keyframe muxed fps×seconds times.

    Every packet is a real, decodable IDR frame; reusing it makes the 60,000-frame clip in a second.
    """
    from fractions import Fraction

    time_base = Fraction(1, fps)
    with av.open(str(path), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=fps, options={"preset": "ultrafast", "g": "1"})
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        encoded = [*stream.encode(_flat_frame(width, height, 90, 0, time_base)), *stream.encode(None)]
        keyframe = bytes(encoded[0])
        for index in range(fps * seconds):
            packet = av.Packet(keyframe)
            packet.pts = packet.dts = index
            packet.time_base = time_base
            packet.is_keyframe = True
            packet.stream = stream
            out.mux(packet)
    return path
