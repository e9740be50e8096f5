#!/usr/bin/env python3
"""Packs an OCI image archive for `ctr images import`, with no registry and no image builder.

  oci-image.py --name NAME --out ARCHIVE --base BASE.tar --dockerfile Dockerfile --context DIR
      the operator image: BASE.tar (a root filesystem, hack/build-image.sh) plus one layer holding what the
      Dockerfile's runtime stage COPYs, and the config (USER, ENV, EXPOSE, ENTRYPOINT, CMD, LABEL) read from that
      stage, so the image cannot drift from the Dockerfile: an instruction this script cannot reproduce fails.
  oci-image.py --name NAME --out ARCHIVE --file SRC:DEST --entrypoint PATH
      a one-file image (the node's pause image).

Layers are uncompressed tars; the index carries io.containerd.image.name so ctr imports it under NAME.
"""
import argparse
import hashlib
import io
import json
import os
import re
import shlex
import sys
import tarfile

# Environment of the local base (Debian's JRE on PATH), as the distroless base sets it.
BASE_ENV = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG=C.UTF-8"]


def fail(message):
    sys.exit("oci-image: " + message)


def instructions(path):
    """(keyword, argument) pairs of a Dockerfile, continuation lines joined, comments dropped."""
    result, current = [], ""
    with open(path, encoding="utf-8") as f:
        for line in f:
            stripped = line.strip()
            if not current and (not stripped or stripped.startswith("#")):
                continue
            if stripped.startswith("#"):
                continue
            if stripped.endswith("\\"):
                current += stripped[:-1] + " "
                continue
            current += stripped
            keyword, _, argument = current.partition(" ")
            result.append((keyword.upper(), argument.strip()))
            current = ""
    return result


def runtime_stage(dockerfile, context):
    """The final stage's config and its COPY --from=<stage> files mapped onto the build context."""
    stages, name = {}, None
    for keyword, argument in instructions(dockerfile):
        if keyword == "FROM":
            words = argument.split()
            name = words[2] if len(words) == 3 and words[1].upper() == "AS" else "#final"
            stages[name] = {"from": words[0], "steps": []}
        else:
            stages[name]["steps"].append((keyword, argument))
    final = stages.get("#final") or fail("no final (unnamed) stage in " + dockerfile)
    # The local base stands in for this one: Debian 12 with Debian's Java 17 runtime.
    if not re.search(r"java17-debian12", final["from"]):
        fail("the runtime base is now %s; hack/build-image.sh builds a Debian 12 Java 17 base: update both"
             % final["from"])
    args, env, labels, files, ports = {}, list(BASE_ENV), {}, [], {}
    config = {}

    def expand(text):
        return re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: args.get(m.group(1) or m.group(2), ""), text)

    for keyword, argument in final["steps"]:
        if keyword == "ARG":
            key, _, value = argument.partition("=")
            args[key] = shlex.split(value)[0] if value else ""
        elif keyword == "LABEL":
            for pair in shlex.split(argument):
                key, _, value = pair.partition("=")
                labels[key] = expand(value)
        elif keyword == "ENV":
            for pair in shlex.split(argument):
                key, _, value = pair.partition("=")
                env = [e for e in env if not e.startswith(key + "=")] + [key + "=" + expand(value)]
        elif keyword == "USER":
            config["User"] = argument
        elif keyword == "EXPOSE":
            for port in argument.split():
                ports[port if "/" in port else port + "/tcp"] = {}
        elif keyword in ("ENTRYPOINT", "CMD"):
            value = json.loads(argument)  # the exec (JSON) form only: the image has no shell
            config["Entrypoint" if keyword == "ENTRYPOINT" else "Cmd"] = value
        elif keyword == "COPY":
            words = argument.split()
            source_stage = next((w.split("=", 1)[1] for w in words if w.startswith("--from=")), None)
            paths = [w for w in words if not w.startswith("--")]
            if source_stage is None or source_stage not in stages or len(paths) != 2:
                fail("cannot reproduce COPY %s (only COPY --from=<stage> SRC DEST)" % argument)
            workdir = next((a for k, a in reversed(stages[source_stage]["steps"]) if k == "WORKDIR"), "/")
            src = os.path.relpath(paths[0], workdir)
            if src.startswith(".."):
                fail("COPY source %s is outside the build stage's WORKDIR %s" % (paths[0], workdir))
            files.append((os.path.join(context, src), paths[1]))
        else:
            fail("the runtime stage has %s, which this script cannot reproduce: extend hack/oci-image.py" % keyword)
    config["Env"] = env
    if ports:
        config["ExposedPorts"] = ports
    if labels:
        config["Labels"] = labels
    return config, files


def file_layer(files):
    """An uncompressed layer tar holding each SRC at DEST (root-owned, parent directories included)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        dirs = set()
        for src, dest in files:
            dest = dest.lstrip("/")
            parts = dest.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                d = "/".join(parts[:i])
                if d not in dirs:
                    dirs.add(d)
                    info = tarfile.TarInfo(d)
                    info.type, info.mode, info.mtime = tarfile.DIRTYPE, 0o755, 0
                    tar.addfile(info)
            info = tar.gettarinfo(src, dest)
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            info.mtime = 0
            info.mode = 0o755 if os.access(src, os.X_OK) else 0o644
            with open(src, "rb") as f:
                tar.addfile(info, f)
    return buffer.getvalue()


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest(), os.path.getsize(path)


def write_archive(out, name, config, layers):
    """layers: ("file", path) or ("bytes", data), bottom first."""
    blobs, diff_ids, manifest_layers = [], [], []
    for kind, value in layers:
        if kind == "file":
            digest, size = sha256_file(value)
        else:
            digest, size = hashlib.sha256(value).hexdigest(), len(value)
        blobs.append((digest, kind, value))
        diff_ids.append("sha256:" + digest)
        manifest_layers.append({"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": "sha256:" + digest,
                                "size": size})
    image_config = json.dumps({"architecture": "amd64", "os": "linux", "config": config,
                               "rootfs": {"type": "layers", "diff_ids": diff_ids}}, sort_keys=True).encode()
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json",
                                      "digest": "sha256:" + hashlib.sha256(image_config).hexdigest(),
                                      "size": len(image_config)},
                           "layers": manifest_layers}, sort_keys=True).encode()
    tag = name.rsplit(":", 1)[1] if ":" in name.rsplit("/", 1)[-1] else "latest"
    index = json.dumps({"schemaVersion": 2, "manifests": [{
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "digest": "sha256:" + hashlib.sha256(manifest).hexdigest(), "size": len(manifest),
        "annotations": {"io.containerd.image.name": name, "org.opencontainers.image.ref.name": tag}}]}).encode()
    tmp = out + ".tmp"
    with tarfile.open(tmp, mode="w", format=tarfile.PAX_FORMAT) as tar:
        def add_bytes(path, data):
            info = tarfile.TarInfo(path)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        add_bytes("oci-layout", b'{"imageLayoutVersion": "1.0.0"}')
        add_bytes("index.json", index)
        for data in (image_config, manifest):
            add_bytes("blobs/sha256/" + hashlib.sha256(data).hexdigest(), data)
        for digest, kind, value in blobs:
            if kind == "file":
                tar.add(value, "blobs/sha256/" + digest)
            else:
                add_bytes("blobs/sha256/" + digest, value)
    os.replace(tmp, out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--name", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--base")
    parser.add_argument("--dockerfile")
    parser.add_argument("--context", default=".")
    parser.add_argument("--file", action="append", default=[])
    parser.add_argument("--entrypoint")
    parser.add_argument("--absent", action="append", default=[],
                        help="a COPY destination to leave out, when the caller could not make its source")
    a = parser.parse_args()
    if a.dockerfile:
        if not a.base:
            fail("--dockerfile needs --base")
        config, files = runtime_stage(a.dockerfile, a.context)
        files = [(src, dest) for src, dest in files if dest not in a.absent]
        for src, _ in files:
            if not os.path.isfile(src):
                fail("%s is missing (mvn -B -ntp package -DskipTests builds it)" % src)
        write_archive(a.out, a.name, config, [("file", a.base), ("bytes", file_layer(files))])
    else:
        files = [tuple(f.split(":", 1)) for f in a.file]
        write_archive(a.out, a.name, {"Entrypoint": [a.entrypoint], "Env": BASE_ENV[:1]},
                      [("bytes", file_layer(files))])


if __name__ == "__main__":
    main()
