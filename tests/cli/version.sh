# -V prints "ndcluster VERSION" on stdout, VERSION being the header's
# NDC_VERSION_STRING; --version is the same.
v=$(sed -n 's/^#define NDC_VERSION_STRING "\(.*\)"$/\1/p' include/ndcluster.h)
"$NDC" -V >"$CASE_TMP/out"
rc=$?
"$NDC" --version >"$CASE_TMP/long" || echo "--version: exit $?"
cmp -s "$CASE_TMP/out" "$CASE_TMP/long" || echo "--version differs from -V"
if [ "$(cat "$CASE_TMP/out")" = "ndcluster $v" ]; then
    echo "ndcluster NDC_VERSION_STRING"
else
    cat "$CASE_TMP/out"
fi
exit $rc
