from pydantic import SecretStr

from service.settings import Settings


def test_security_settings_pass_through_under_kafka_python_names_and_stay_secret() -> None:
    settings = Settings(
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_mechanism="SCRAM-SHA-512",
        kafka_sasl_plain_username="u",
        kafka_sasl_plain_password=SecretStr("s3cret"),
        kafka_ssl_cafile="/ca.pem",
        kafka_ssl_certfile="/c.pem",
        kafka_ssl_keyfile="/k.pem",
        kafka_ssl_password=SecretStr("k3y"),
        kafka_ssl_check_hostname=False,
    )
    options = settings.kafka_client_options()
    assert options["security_protocol"] == "SASL_SSL" and options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert options["sasl_plain_username"] == "u" and options["sasl_plain_password"] == "s3cret"
    assert (options["ssl_cafile"], options["ssl_certfile"], options["ssl_keyfile"]) == (
        "/ca.pem",
        "/c.pem",
        "/k.pem",
    )
    assert options["ssl_password"] == "k3y" and options["ssl_check_hostname"] is False
    assert "s3cret" not in repr(settings) and "k3y" not in repr(settings)
