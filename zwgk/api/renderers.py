import json

from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder


class ReadableJSONRenderer(JSONRenderer):
    """JSON with Chinese characters as they are, not \\u escapes: scripts and people read it."""

    def render(self, request, data, *, response_status):
        return json.dumps(data, cls=NinjaJSONEncoder, ensure_ascii=False)
