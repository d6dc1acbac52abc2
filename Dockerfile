# zeroview service image: `docker build -t zeroview .` then run with ZEROVIEW_KAFKA_BOOTSTRAP set.
# Stage 1 builds the virtualenv; stage 2 carries only the venv, the code and the model.
FROM python:3.11-slim-bookworm AS build
WORKDIR /src
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
COPY requirements.lock pyproject.toml README.md ./
COPY service ./service
COPY training ./training
RUN /opt/venv/bin/pip install -c requirements.lock .

FROM python:3.11-slim-bookworm AS runtime
RUN groupadd --system --gid 10001 zeroview \
 && useradd --system --uid 10001 --gid zeroview --home-dir /app --shell /usr/sbin/nologin zeroview
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --chown=zeroview:zeroview models ./models
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    ZEROVIEW_HTTP_HOST=0.0.0.0 \
    ZEROVIEW_HTTP_PORT=8000 \
    ZEROVIEW_MODEL_DIR=/app/models/wildlife-trade \
    ZEROVIEW_INTEL_PATH=/app/models/intel/wildlife-codewords.yaml
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import os, urllib.request as r; r.urlopen('http://127.0.0.1:%s/healthz' % os.environ['ZEROVIEW_HTTP_PORT'], timeout=2)"]
CMD ["zeroview", "serve"]
