"""Slack's incoming-webhook message format as a JSON Schema, written from Slack's Block Kit
reference (api.slack.com/reference/block-kit): the blocks we use (header, section,
context, divider), their text objects and their documented limits."""

from __future__ import annotations

from jsonschema import Draft202012Validator


def _plain_text(max_length: int) -> dict:
    return {
        "type": "object",
        "properties": {
            "type": {"const": "plain_text"},
            "text": {"type": "string", "minLength": 1, "maxLength": max_length},
            "emoji": {"type": "boolean"},
        },
        "required": ["type", "text"],
        "additionalProperties": False,
    }


def _mrkdwn(max_length: int) -> dict:
    return {
        "type": "object",
        "properties": {
            "type": {"const": "mrkdwn"},
            "text": {"type": "string", "minLength": 1, "maxLength": max_length},
            "verbatim": {"type": "boolean"},
        },
        "required": ["type", "text"],
        "additionalProperties": False,
    }


def _text_object(max_length: int) -> dict:
    return {"oneOf": [_plain_text(max_length), _mrkdwn(max_length)]}


BLOCK_ID = {"type": "string", "maxLength": 255}
IMAGE_ELEMENT = {
    "type": "object",
    "properties": {
        "type": {"const": "image"},
        "image_url": {"type": "string", "maxLength": 3000},
        "alt_text": {"type": "string", "maxLength": 2000},
    },
    "required": ["type", "image_url", "alt_text"],
    "additionalProperties": False,
}

SLACK_MESSAGE = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "properties": {
        # With blocks, Slack shows `text` in notifications: it must be there as the fallback.
        "text": {"type": "string", "minLength": 1, "maxLength": 40000},
        "blocks": {
            "type": "array",
            "maxItems": 50,
            "items": {
                "oneOf": [
                    {
                        "type": "object",
                        "properties": {
                            "type": {"const": "header"},
                            "text": _plain_text(150),
                            "block_id": BLOCK_ID,
                        },
                        "required": ["type", "text"],
                        "additionalProperties": False,
                    },
                    {
                        "type": "object",
                        "properties": {
                            "type": {"const": "section"},
                            "text": _text_object(3000),
                            "fields": {
                                "type": "array",
                                "minItems": 1,
                                "maxItems": 10,
                                "items": _text_object(2000),
                            },
                            "block_id": BLOCK_ID,
                        },
                        "required": ["type"],
                        "anyOf": [{"required": ["text"]}, {"required": ["fields"]}],
                        "additionalProperties": False,
                    },
                    {
                        "type": "object",
                        "properties": {
                            "type": {"const": "context"},
                            "elements": {
                                "type": "array",
                                "minItems": 1,
                                "maxItems": 10,
                                "items": {"oneOf": [_text_object(3000), IMAGE_ELEMENT]},
                            },
                            "block_id": BLOCK_ID,
                        },
                        "required": ["type", "elements"],
                        "additionalProperties": False,
                    },
                    {
                        "type": "object",
                        "properties": {"type": {"const": "divider"}, "block_id": BLOCK_ID},
                        "required": ["type"],
                        "additionalProperties": False,
                    },
                ]
            },
        },
        "mrkdwn": {"type": "boolean"},
        "unfurl_links": {"type": "boolean"},
        "unfurl_media": {"type": "boolean"},
    },
    "required": ["text"],
    "additionalProperties": False,
}

Draft202012Validator.check_schema(SLACK_MESSAGE)
validator = Draft202012Validator(SLACK_MESSAGE)


def problems(message: dict) -> list[str]:
    """Every way the message breaks Slack's format, as readable lines (empty when valid)."""
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(message)'}: {error.message}"
        for error in validator.iter_errors(message)
    ]


def mrkdwn_texts(message: dict) -> list[str]:
    """Every mrkdwn text of the message (the top-level text is mrkdwn too)."""
    texts = [message.get("text", "")]
    for block in message.get("blocks", []):
        for obj in [block.get("text"), *block.get("fields", []), *block.get("elements", [])]:
            if isinstance(obj, dict) and obj.get("type") == "mrkdwn":
                texts.append(obj["text"])
    return texts
