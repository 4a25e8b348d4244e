# Production image: gunicorn (web), celery worker and celery beat share it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements/requirements.txt requirements/requirements.txt
RUN pip install --no-deps -r requirements/requirements.txt
COPY . .
RUN DATABASE_URL=postgres://build@localhost/build SECRET_KEY=build python manage.py collectstatic --no-input

RUN useradd --system --home /app inburgering \
 && mkdir -p /data/leveringen && chown -R inburgering /data
USER inburgering
EXPOSE 8000
CMD ["gunicorn", "inburgering.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
