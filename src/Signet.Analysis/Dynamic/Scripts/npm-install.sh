# npm install phase: unpack the tarball where npm would put it, then let npm run its lifecycle scripts
# (preinstall, install, postinstall; node-gyp for binding.gyp) offline. Dependencies are not installed.
# Arguments: NAME TARBALL
cd /work || exit 98
mkdir -p "node_modules/$1" && tar -xzf "$2" -C "node_modules/$1" --strip-components=1 || exit 98
exec npm rebuild --offline --foreground-scripts --ignore-scripts=false "$1"
