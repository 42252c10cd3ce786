#!/bin/sh
# The Debian-package nginx image's entrypoint (base-images.sh): the official nginx image's template step
# (20-envsubst-on-templates.sh) as docker-compose.yml and deploy/edge use it, then nginx in the foreground.
#   /etc/nginx/templates/<path>.template -> $NGINX_ENVSUBST_OUTPUT_DIR/<path> (default /etc/nginx/conf.d),
#   substituting only the environment's names that match NGINX_ENVSUBST_FILTER (a regular expression), so
#   nginx's own $variables stay as they are.
set -eu

template_dir=${NGINX_ENVSUBST_TEMPLATE_DIR:-/etc/nginx/templates}
suffix=${NGINX_ENVSUBST_TEMPLATE_SUFFIX:-.template}
output_dir=${NGINX_ENVSUBST_OUTPUT_DIR:-/etc/nginx/conf.d}
filter=${NGINX_ENVSUBST_FILTER:-}

names=$(env | cut -d= -f1 | grep -E "${filter:-.}" | sed 's/^/${/; s/$/}/' | tr '\n' ' ')
if [ -d "$template_dir" ]; then
  find "$template_dir" -follow -type f -name "*$suffix" | while read -r template; do
    relative=${template#"$template_dir/"}
    output="$output_dir/${relative%"$suffix"}"
    mkdir -p "$(dirname "$output")"
    echo "nginx-entrypoint: rendering $template to $output"
    envsubst "$names" < "$template" > "$output"
  done
fi

if [ $# -eq 0 ]; then
  set -- nginx -g 'daemon off;'
fi
exec "$@"
