#!/usr/bin/env bash
# The image's base, made on the build machine without pulling anything: a Java runtime cut by jlink from the
# JDK that builds the project, the few shared libraries it loads (from this Debian's own packages), /tmp, /data
# and a passwd entry for the unprivileged user. Jib lays it under the application (deploy/image/README.md).
set -euo pipefail
java_home="$1"
out="$2"
rm -rf "$out"
mkdir -p "$out/opt" "$out/etc" "$out/tmp" "$out/data"

# java.desktop for ImageIO (picture hashes), jdk.localedata for fr/ar/es dates, jdk.charsets for windows-1256,
# jdk.crypto.ec for TLS, java.sql for JDBC (migrations), java.naming and jdk.naming.dns for pgjdbc and Netty.
"$java_home/bin/jlink" \
  --add-modules java.base,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,java.desktop,java.security.jgss,jdk.unsupported,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.zipfs,jdk.localedata,jdk.charsets \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$out/opt/java"
# a server has no display or sound: drop the parts that would pull X11 and ALSA in
rm -f "$out"/opt/java/lib/libawt_xawt.so "$out"/opt/java/lib/libjsound.so "$out"/opt/java/lib/libsplashscreen.so

# every shared library the runtime's binaries need, copied from the system (symlinks resolved)
find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \) -print0 \
  | xargs -0 -n1 ldd 2>/dev/null | grep -o '/[^ ]*' | grep -v "^$out" | sort -u \
  | while read -r lib; do
      mkdir -p "$out$(dirname "$lib")"
      cp -L "$lib" "$out$lib"
    done

echo "root:x:0:0:root:/root:/sbin/nologin" > "$out/etc/passwd"
echo "manchette:x:65532:65532:manchette:/data:/sbin/nologin" >> "$out/etc/passwd"
printf 'root:x:0:\nmanchette:x:65532:\n' > "$out/etc/group"
echo "image runtime: $(du -sh "$out" | cut -f1) in $out"
