"""Media in S3-compatible object storage, against a real S3 server on loopback (moto in server mode)."""

import html
import re
import subprocess
import uuid

import boto3
import pytest
import requests

from images import renditions
from tests.factories import make_article, make_image
from tests.servers import BIN, wait_until

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

S3_URL = "http://127.0.0.1:8149"
CREDENTIALS = {"aws_access_key_id": "newsroom-test", "aws_secret_access_key": "newsroom-test-secret"}


@pytest.fixture(scope="module")
def s3_server():
    process = subprocess.Popen(
        [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", "8149"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def answers():
        try:
            return requests.get(S3_URL, timeout=2).ok
        except requests.RequestException:
            return False

    wait_until(answers, timeout=30, message="moto_server did not start")
    yield S3_URL
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def bucket(settings, s3_server):
    """A fresh bucket, and settings as MEDIA_STORAGE=s3 makes them."""
    name = f"newsroom-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=s3_server, region_name="us-east-1", **CREDENTIALS)
    client.create_bucket(Bucket=name)
    settings.AWS_STORAGE_BUCKET_NAME = name
    settings.AWS_S3_ENDPOINT_URL = s3_server
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_ACCESS_KEY_ID = CREDENTIALS["aws_access_key_id"]
    settings.AWS_SECRET_ACCESS_KEY = CREDENTIALS["aws_secret_access_key"]
    settings.AWS_S3_SIGNATURE_VERSION = "s3v4"
    settings.AWS_S3_FILE_OVERWRITE = False
    settings.AWS_DEFAULT_ACL = None
    settings.AWS_QUERYSTRING_EXPIRE = 600
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "newsroom.storage.MediaStorage"}}
    return lambda prefix="": [
        item["Key"] for item in client.list_objects_v2(Bucket=name, Prefix=prefix).get("Contents", [])
    ]


def article_with_photo(**overrides):
    return make_article(lead_image=make_image(width=800, height=600), **overrides)


def test_an_upload_and_its_renditions_go_to_the_bucket_and_the_page_links_them(client, bucket):
    article = article_with_photo()
    assert bucket("originals/") == [article.lead_image.file.name]
    # Each format (WebP, JPEG, AVIF where Pillow writes it) at 360, 720 and 800 (never upscaled).
    assert len(bucket("renditions/")) == 3 * len(renditions.formats())
    page = client.get(article.get_absolute_url()).content.decode()
    urls = {html.unescape(url) for url in re.findall(r'(http://127\.0\.0\.1:8149/[^\s",]+)', page)}
    assert urls and all("/renditions/" in url and "?" not in url for url in urls)  # plain, stable URLs
    for url in urls:
        response = requests.get(url, timeout=10)
        assert response.status_code == 200
        assert response.headers["Content-Type"] in {"image/webp", "image/jpeg", "image/avif"}


def test_an_original_is_private_and_served_through_a_signed_url(bucket):
    article = article_with_photo(status="draft", published_at=None)
    original = article.lead_image.file
    url = original.url
    assert "X-Amz-Signature=" in url and "X-Amz-Expires=600" in url
    signed = requests.get(url, timeout=10)
    assert signed.status_code == 200
    assert signed.content == original.storage.open(original.name).read()
    assert requests.get(url.split("?")[0], timeout=10).status_code == 403  # no signature, no photo


def test_two_uploads_with_the_same_name_stay_two_files(bucket):
    first, second = article_with_photo(), article_with_photo()
    assert first.lead_image.file.name != second.lead_image.file.name
    assert len(bucket("originals/")) == 2
