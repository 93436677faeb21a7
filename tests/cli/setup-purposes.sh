# scripts/setup installs what a purpose needs and no more.  Here every
# package is missing (a stub dpkg-query), the user is not root and sudo
# would ask for a password (stubs of id and sudo), so it installs nothing
# and names what it would install: for build, for make demo (build and
# demo: jq, which scripts/demo.sh uses) and for make check (build and
# test: the test tools), each shown as what it adds to build's list, so
# that a library added to the build changes nothing here.  Then, on a
# system without dpkg-query, it finds the libraries with pkg-config (a
# stub that knows all but cmocka) and the tools as commands.  make demo
# and make check ask for their purposes; an unknown purpose is a usage
# error.
sh=$(command -v sh)
bin=$CASE_TMP/bin
mkdir "$bin"
stub() {
    printf '#!%s\n%s\n' "$sh" "$2" >"$bin/$1"
    chmod +x "$bin/$1"
}
stub dpkg-query 'exit 1'
stub id 'echo 1000'
stub sudo 'exit 1'
stub apt-get 'echo "apt-get ran" >&2; exit 1'
# The packages that sh scripts/setup "$@" says are missing, one a line;
# its exit status in the file rc.
missing() {
    PATH=$bin:$PATH sh scripts/setup "$@" >"$CASE_TMP/out" 2>&1
    echo $? >"$CASE_TMP/rc"
    sed -n 's/^setup: these Debian packages are missing: //p' \
        "$CASE_TMP/out" | tr ' ' '\n'
}
missing build >"$CASE_TMP/build"
echo "build: exit $(cat "$CASE_TMP/rc"), with libyajl-dev:" \
    "$(grep -c '^libyajl-dev$' "$CASE_TMP/build")," \
    "with a test tool or jq:" \
    "$(grep -cE '^(libcmocka-dev|mandoc|valgrind|cppcheck|jq)$' \
        "$CASE_TMP/build")"
grep -q 'sudo apt-get install -y --no-install-recommends libyajl-dev' \
    "$CASE_TMP/out" && echo "build: the apt-get command to run is shown"
for purposes in "build demo" "build test" ""; do
    echo "sh scripts/setup ${purposes:-(no purpose)}: build's, and then:"
    # shellcheck disable=SC2086
    missing $purposes >"$CASE_TMP/these"
    grep -vxF -f "$CASE_TMP/build" "$CASE_TMP/these" | tr '\n' ' '
    echo "(exit $(cat "$CASE_TMP/rc"))"
done
echo "make demo: $(make -n demo 2>/dev/null | grep '^sh scripts/setup')"
echo "make check: $(make -n check 2>/dev/null | grep '^sh scripts/setup')"
sh scripts/setup frobnicate 2>&1
echo "sh scripts/setup frobnicate: exit $?"

rm "$bin"/*
stub pkg-config 'case $2 in cmocka|libcmocka) exit 1 ;; *) exit 0 ;; esac'
for t in make cc jq; do
    stub "$t" 'exit 0'
done
for purposes in build "build demo" "build test"; do
    echo "no dpkg-query: sh scripts/setup $purposes:"
    # shellcheck disable=SC2086
    PATH=$bin "$sh" scripts/setup $purposes 2>&1
    echo "exit $?"
done
