"""funnel_sdk: the Python client of Reassure's HTTP API, for custom funnel pages.

    from funnel_sdk import Client

    with Client("https://reassure.example.com", "my-shop") as client:
        state = client.state(locale="fr", slot="checkout")
        for block in state.blocks:
            print(block.kind, block.title, block.body)

It depends on requests only (Jinja2 for ``funnel_sdk.jinja``, Flask for
``funnel_sdk.flask_ext``); it never imports the server's code. Reference: docs/sdk.md.
"""

__version__ = "0.1.0"

from .client import Client
from .errors import (
    ApiError,
    AuthError,
    ConnectionFailed,
    FieldError,
    InvalidRequest,
    NotFound,
    ReassureError,
    TokenRequired,
)
from .models import Block, ContentBlock, Delivery, Endpoint, IngestResult, Mention, State
from .render import render_html

__all__ = [
    "ApiError",
    "AuthError",
    "Block",
    "Client",
    "ConnectionFailed",
    "ContentBlock",
    "Delivery",
    "Endpoint",
    "FieldError",
    "IngestResult",
    "InvalidRequest",
    "Mention",
    "NotFound",
    "ReassureError",
    "State",
    "TokenRequired",
    "__version__",
    "render_html",
]
