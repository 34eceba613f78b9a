#!/usr/bin/env bash
# A base image for Jib made from this machine's JDK, for hosts that cannot pull from a registry (like the build machine
# of this repository, which reaches Maven Central and Debian's mirrors only). It holds a jlink'ed Java 17 runtime and
# the shared libraries it links against (copied from this host, a Debian system), nothing else: no shell, no package
# manager. Written as a `docker save` archive that Jib reads with -Djib.from.image=tar://…
#
# Usage: deploy/jib/local-base-image.sh [out=platform-api/target/base-image.tar]
# then:  mvn -B -o -pl platform-api -am package -DskipTests jib:buildTar -Djib.from.image=tar://$PWD/platform-api/target/base-image.tar
# Where a registry is reachable, leave this out: the default base is a pinned eclipse-temurin image (platform-api/pom.xml).
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-platform-api/target/base-image.tar}
JDK=${JDK:-$(dirname "$(dirname "$(readlink -f "$(command -v javac || command -v java)")")")}
WORK=$(mktemp -d /tmp/tiangong-base.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
ROOT=$WORK/rootfs
mkdir -p "$ROOT/opt" "$ROOT/tmp" "$ROOT/etc" "$ROOT/var/lib/tiangong"
chmod 1777 "$ROOT/tmp"
# java.se plus what the libraries use beyond it (Unsafe for Netty/Hikari, EC and zip file systems, JMX for metrics)
"$JDK/bin/jlink" --output "$ROOT/opt/java" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.zipfs,jdk.management,jdk.naming.dns,jdk.localedata \
  --include-locales en,zh
# the shared libraries the runtime links against, from this host, at the same paths
find "$ROOT/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | xargs -0 ldd 2>/dev/null | awk '/=> \// {print $3} /^\s*\/lib/ {print $1}' | sort -u > "$WORK/libs"
echo /lib64/ld-linux-x86-64.so.2 >> "$WORK/libs"
while read -r lib; do
  [ -e "$lib" ] || continue
  mkdir -p "$ROOT$(dirname "$lib")"; cp -L "$lib" "$ROOT$lib"
done < <(sort -u "$WORK/libs")
# the system's libc may be found under /lib and /usr/lib (merged /usr): keep both views
[ -d "$ROOT/usr/lib" ] && [ ! -e "$ROOT/lib" ] && ln -s usr/lib "$ROOT/lib"
printf 'root:x:0:0:root:/root:/sbin/nologin\ntiangong:x:1000:1000:tiangong:/var/lib/tiangong:/sbin/nologin\n' > "$ROOT/etc/passwd"
printf 'root:x:0:\ntiangong:x:1000:\n' > "$ROOT/etc/group"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$ROOT" -cf "$WORK/layer.tar" .
DIFF=$(sha256sum "$WORK/layer.tar" | cut -d' ' -f1)
cat > "$WORK/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"]},
 "rootfs":{"type":"layers","diff_ids":["sha256:$DIFF"]},"history":[{"created_by":"deploy/jib/local-base-image.sh (jlink of $("$JDK/bin/java" -version 2>&1 | head -1 | tr -d '"'))"}]}
JSON
echo '[{"Config":"config.json","RepoTags":["tiangong-base:local"],"Layers":["layer.tar"]}]' > "$WORK/manifest.json"
mkdir -p "$(dirname "$OUT")"
tar -C "$WORK" -cf "$OUT" manifest.json config.json layer.tar
echo "base image: $OUT ($(du -h "$OUT" | cut -f1)); use -Djib.from.image=tar://$(readlink -f "$OUT")"
