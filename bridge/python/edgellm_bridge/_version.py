"""Version of the client: always the version of the npm package edgellm-gym it ships with.

Written by ``sync-version.mjs`` (run by ``npm version``); a test checks that it equals package.json's.
"""
__version__ = "0.1.0"
