"""With REDIS_URL set, several daphne processes share one live stream: a message published
through one process reaches a client connected to another."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import uuid


def test_a_revision_published_through_one_process_reaches_a_client_of_the_other(two_shells):
    import websockets

    server, second_url = two_shells
    ws_url = second_url.replace("http://", "ws://") + "/ws/live/"
    made = server.manage(
        "shell",
        "--no-imports",
        "-c",
        "from shell.live.sessions import session_cookie; print(session_cookie('redis-test'))",
    )
    assert made.returncode == 0, made.stderr
    cookie = made.stdout.strip()

    async def scenario():
        async with websockets.connect(
            ws_url, origin=second_url, additional_headers={"Cookie": cookie}
        ) as ws:
            hello = json.loads(await ws.recv())
            assert hello["type"] == "hello"
            await ws.send(json.dumps({"type": "subscribe", "topic": "registry"}))
            subscribed = json.loads(await ws.recv())
            assert subscribed["type"] == "subscribed"
            # Deploy through the FIRST process.
            slug = f"live-{uuid.uuid4().hex[:6]}"
            manifest = {
                "name": f"@test/{slug}",
                "version": "1.0.0",
                "entry": "src/main.js",
                "routes": [{"path": f"/{slug}"}],
            }
            body = {
                "manifests": [
                    {
                        "manifest": manifest,
                        "files": {
                            "src/main.js": "export async function bootstrap() {}\n"
                            "export async function mount() {}\n"
                            "export async function unmount() {}\n"
                        },
                    }
                ]
            }
            status, revision = await asyncio.to_thread(
                server.api, "POST", "/api/registry/releases", body
            )
            assert status == 201, revision
            message = json.loads(await asyncio.wait_for(ws.recv(), timeout=10))
            return revision, subscribed, message

    # A loop of its own: Playwright's sync API may already run one in this thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        revision, subscribed, message = pool.submit(asyncio.run, scenario()).result()
    assert message["type"] == "revision-changed"
    assert message["revision"] == revision["number"]
    assert message["seq"] == subscribed["seq"] + 1
