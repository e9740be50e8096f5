#!/usr/bin/env python3
"""Writes a CycloneDX 1.6 SBOM (JSON, on stdout) of the Debian packages installed in an image.

  dpkg-sbom.py --name NAME --version VERSION SOURCE
      SOURCE is an OCI image archive (hack/build-image.sh; the topmost layer holding var/lib/dpkg/status
      is read, as the image's filesystem shows it) or a dpkg status file.

Each package dpkg reports installed ("Status: install ok installed") becomes a component with its name,
version and purl pkg:deb/debian/NAME@VERSION?arch=ARCH, ARCH being the package's own (amd64, or all).
The output depends only on the input: the serial number is derived from it, and there is no timestamp.
"""
import argparse
import hashlib
import json
import sys
import tarfile
import urllib.parse
import uuid

STATUS = "var/lib/dpkg/status"


def fail(message):
    sys.exit("dpkg-sbom: " + message)


def stanzas(text):
    """The paragraphs of a dpkg status file as dicts (continuation lines joined to their field)."""
    result, fields, key = [], {}, None
    for line in text.splitlines() + [""]:
        if not line.strip():
            if fields:
                result.append(fields)
            fields, key = {}, None
        elif line[0] in " \t":
            if key is not None:
                fields[key] += "\n" + line.strip()
        else:
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return result


def purl(name, version, arch):
    # The purl spec percent-encodes a version ('+' as %2B) but leaves a Debian epoch's ':' as it is.
    return "pkg:deb/debian/%s@%s?arch=%s" % (name.lower(), urllib.parse.quote(version, safe=":"), arch)


def installed(text):
    """(name, version, arch) of every installed package, sorted by name then arch."""
    packages = []
    for fields in stanzas(text):
        if fields.get("Status", "").split()[-1:] != ["installed"]:
            continue
        if not all(fields.get(k) for k in ("Package", "Version", "Architecture")):
            fail("a stanza without Package, Version or Architecture: %r" % fields.get("Package"))
        packages.append((fields["Package"], fields["Version"], fields["Architecture"]))
    return sorted(packages, key=lambda p: (p[0], p[2]))


def bom(name, version, text):
    components = [{"type": "library", "bom-ref": purl(*p), "name": p[0], "version": p[1], "purl": purl(*p)}
                  for p in installed(text)]
    serial = uuid.uuid5(uuid.NAMESPACE_URL, "dpkg-sbom:%s:%s:%s" % (
        name, version, hashlib.sha256(text.encode()).hexdigest()))
    return {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "urn:uuid:%s" % serial,
        "version": 1,
        "metadata": {"component": {"type": "container", "bom-ref": name, "name": name, "version": version}},
        "components": components,
    }


def status_from_archive(path):
    """The dpkg status file the image shows: the one in the topmost layer that has it."""
    with tarfile.open(path) as archive:
        def read_json(member):
            return json.load(archive.extractfile(member))

        index = read_json("index.json")
        manifest = read_json("blobs/sha256/" + index["manifests"][0]["digest"].split(":", 1)[1])
        for layer in reversed(manifest["layers"]):
            blob = archive.extractfile("blobs/sha256/" + layer["digest"].split(":", 1)[1])
            with tarfile.open(fileobj=blob, mode="r:*") as files:
                for candidate in (STATUS, "./" + STATUS, "/" + STATUS):
                    try:
                        return files.extractfile(candidate).read().decode("utf-8")
                    except KeyError:
                        continue
    fail("no layer of %s holds %s" % (path, STATUS))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--name", required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("source")
    a = parser.parse_args()
    if tarfile.is_tarfile(a.source):
        text = status_from_archive(a.source)
    else:
        with open(a.source, encoding="utf-8") as f:
            text = f.read()
    json.dump(bom(a.name, a.version, text), sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
