"""Fetch a source document from a URL, safely enough to do it on a server's behalf.

A teacher's URL is fetched with a size limit and a time limit, and never from
an address inside the server's own network: loopback, private, link-local,
multicast and reserved addresses are refused (unless ``allowed_networks``
names them, as tests serving pages on 127.0.0.1 do). The host name is resolved
here, every address it resolves to is checked, and the connection goes to the
checked address itself, so a second DNS answer cannot slip another one in.
Redirects are followed by hand, each hop checked the same way.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

import urllib3

from .errors import QuizgenError

MAX_REDIRECTS = 5
SUFFIX_BY_TYPE = {"text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf",
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
                  "text/plain": ".txt", "text/markdown": ".md", "text/x-markdown": ".md"}
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass
class Fetched:
    url: str        # where the document was found, after redirects
    name: str       # a file name for it, with the suffix its content type calls for
    data: bytes


def parse_networks(networks: Iterable[str]) -> list[Network]:
    return [ipaddress.ip_network(network, strict=False) for network in networks]


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address, allowed: list[Network]) -> bool:
    if any(address in network for network in allowed):
        return False
    return not address.is_global or address.is_multicast or address.is_reserved or address.is_loopback \
        or address.is_link_local or address.is_private or address.is_unspecified


def _checked_address(url: str, host: str, port: int, allowed: list[Network]) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise QuizgenError(f"cannot find the host {host!r}", field=url) from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for address in addresses:
        if _refused(address, allowed):
            raise QuizgenError(f"refused: {host} is at {address}, an address inside this network "
                               "(loopback, private or link-local)", field=url)
    return str(addresses[0])


def fetch_url(url: str, *, max_bytes: int, timeout: float, allowed_networks: Iterable[str] = ()) -> Fetched:
    """The document at ``url``; QuizgenError (naming the URL) for anything refused or failed."""
    allowed = parse_networks(allowed_networks)
    deadline = time.monotonic() + timeout
    current = url.strip()
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urlsplit(current)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise QuizgenError("only http:// and https:// addresses can be fetched", field=current)
        if parts.username or parts.password:
            raise QuizgenError("an address with a user name or password is not fetched", field=current)
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = _checked_address(current, parts.hostname, port, allowed)
        response = _request(current, parts.scheme, parts.hostname, address, port, deadline)
        try:
            if response.status in (301, 302, 303, 307, 308):
                location = response.headers.get("Location")
                if not location:
                    raise QuizgenError(f"a redirect ({response.status}) without a Location", field=current)
                current = urljoin(current, location)
                continue
            if response.status != 200:
                raise QuizgenError(f"the server answered {response.status} {response.reason or ''}".strip(),
                                   field=current)
            suffix = _suffix(response.headers.get("Content-Type", ""), current)
            data = _read_limited(response, current, max_bytes, deadline)
        finally:
            response.close()  # an unread rest is dropped with the connection, not drained
        return Fetched(url=current, name=_file_stem(current) + suffix, data=data)
    raise QuizgenError(f"more than {MAX_REDIRECTS} redirects", field=url)


def _request(url: str, scheme: str, host: str, address: str, port: int,
             deadline: float) -> urllib3.BaseHTTPResponse:
    remaining = max(0.1, deadline - time.monotonic())
    timeout = urllib3.Timeout(connect=min(remaining, 10.0), read=remaining)
    pool: urllib3.HTTPConnectionPool
    if scheme == "https":
        pool = urllib3.HTTPSConnectionPool(address, port, timeout=timeout, retries=False,
                                           server_hostname=host, assert_hostname=host)
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
    target = urlsplit(url)
    path = (target.path or "/") + (f"?{target.query}" if target.query else "")
    host_header = host if target.port is None else f"{host}:{target.port}"
    try:
        return pool.urlopen("GET", path, headers={"Host": host_header, "User-Agent": "quizgen",
                                                  "Accept-Encoding": "identity"},
                            redirect=False, preload_content=False, assert_same_host=False)
    except urllib3.exceptions.TimeoutError:
        raise QuizgenError("the server took too long to answer", field=url) from None
    except urllib3.exceptions.HTTPError as exc:
        raise QuizgenError(f"cannot fetch: {exc.__class__.__name__}", field=url) from None


def _read_limited(response: urllib3.BaseHTTPResponse, url: str, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise QuizgenError(f"too large: {int(declared) / 1e6:.1f} MB (at most {max_bytes / 1e6:.0f} MB)",
                           field=url)
    chunks, size = [], 0
    try:
        # read1 returns what has arrived, so a server that drips bytes meets the deadline
        while chunk := response.read1(64 * 1024):
            size += len(chunk)
            if size > max_bytes:
                raise QuizgenError(f"too large: more than {max_bytes / 1e6:.0f} MB", field=url)
            if time.monotonic() > deadline:
                raise QuizgenError("the download took too long", field=url)
            chunks.append(chunk)
    except urllib3.exceptions.TimeoutError:
        raise QuizgenError("the download took too long", field=url) from None
    except urllib3.exceptions.HTTPError as exc:
        raise QuizgenError(f"the download broke off: {exc.__class__.__name__}", field=url) from None
    return b"".join(chunks)


def _suffix(content_type: str, url: str) -> str:
    media_type = content_type.split(";")[0].strip().lower()
    if media_type in SUFFIX_BY_TYPE:
        return SUFFIX_BY_TYPE[media_type]
    raise QuizgenError(f"cannot use a {media_type or 'document without a content type'}; "
                       "a web page, PDF, Word document, Markdown or plain text can be a source", field=url)


def _file_stem(url: str) -> str:
    parts = urlsplit(url)
    last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    stem = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", last) or parts.hostname or "page"
    return re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "page"
