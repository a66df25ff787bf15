# Local base images (sourced by scripts/docker-test-env.sh): there is no Docker Hub here, so the
# images tests build FROM are made on this machine, once, and cached as `docker save` tarballs
# so that a fresh dockerd loads them in seconds instead of running debootstrap again.
MLOPS_DEBIAN_MIRROR="${MLOPS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"

# Debian 12's python3 (3.11) with venv and pip: what the serving image needs to install MLflow.
make_python_base() {
  local image="$1" root
  root=$(mktemp -d "$MLOPS_DOCKER_DIR/rootfs-python.XXXXXX")
  debootstrap --variant=minbase --include=python3,python3-venv,python3-pip,ca-certificates \
    bookworm "$root" "$MLOPS_DEBIAN_MIRROR" >"$MLOPS_DOCKER_DIR/debootstrap.log" 2>&1 || {
    tail -n 20 "$MLOPS_DOCKER_DIR/debootstrap.log" >&2
    rm -rf "$root"
    return 1
  }
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/usr/share/doc/* \
    "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/var/log/*
  tar --numeric-owner -C "$root" -c . |
    docker_cli import --change 'ENV LANG=C.UTF-8' --change 'CMD ["python3"]' - "$image" >/dev/null
  rm -rf "$root"
}

# Static busybox alone: a few-MB base for builds whose content does not matter (bench, cancellation).
make_busybox_base() {
  local image="$1" root applet
  root=$(mktemp -d "$MLOPS_DOCKER_DIR/rootfs-busybox.XXXXXX")
  mkdir -p "$root/bin" "$root/tmp" "$root/etc"
  cp /usr/bin/busybox "$root/bin/busybox"
  for applet in $(/usr/bin/busybox --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
  done
  tar --numeric-owner -C "$root" -c . |
    docker_cli import --change 'ENV PATH=/bin' --change 'CMD ["sh"]' - "$image" >/dev/null
  rm -rf "$root"
}

# Present in the daemon: nothing to do. Cached tarball: load it. Otherwise make it and cache it.
ensure_image() {
  local image="$1" recipe="$2" tarball
  tarball="$MLOPS_DOCKER_CACHE/$(echo "$image" | tr '/:' '__')-v$BASE_RECIPE_VERSION.tar"
  if docker_cli image inspect "$image" >/dev/null 2>&1; then
    echo "docker-test-env: $image already in the engine"
    return 0
  fi
  if [ -s "$tarball" ]; then
    timed "load $image from $tarball" docker_cli load -q -i "$tarball"
    return 0
  fi
  timed "make $image" "$recipe" "$image"
  mkdir -p "$MLOPS_DOCKER_CACHE"
  timed "cache $image in $tarball" docker_cli save -o "$tarball.partial" "$image"
  mv "$tarball.partial" "$tarball"
}
