# npm import phase: load the package the way a consumer would (import() takes CommonJS and ES modules alike).
# Arguments: NAME
cd /work || exit 98
exec node -e 'import(process.argv[1]).then(() => {}, e => { console.error(String(e && e.stack || e)); process.exitCode = 1; })' "$1"
