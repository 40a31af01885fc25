"""The aiohttp gateway: channels in, routing, Rasa and caseworkers out."""
