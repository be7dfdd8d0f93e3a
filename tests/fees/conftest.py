from tests.integration.printing_fixtures import *  # noqa: F403  (card_queue, healthy_queue: a real CUPS-PDF queue)
