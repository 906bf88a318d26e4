#!/usr/bin/env bash
# The approval gate: cmap, installed from the base branch, judges the pull request's data at
# HEAD_SHA against the base branch's governance and the pull request's reviews, and the
# verdict goes on the head commit as the status "$CONTEXT". When this script cannot finish,
# the status says "error", never "success".
#
# Needs PR, HEAD_SHA, BASE_REF, CONTEXT, RUN_URL, GH_TOKEN (contents and pull-requests: read),
# STATUS_TOKEN (statuses: write; the gate's app's token when there is one, else GH_TOKEN).
set -euo pipefail

status() {
  GH_TOKEN="${STATUS_TOKEN:-${GH_TOKEN:-}}" gh api --method POST \
    "repos/$GITHUB_REPOSITORY/statuses/$HEAD_SHA" -f state="$1" -f context="$CONTEXT" \
    -f target_url="$RUN_URL" -f description="$2" > /dev/null
}
trap 'status error "The gate could not run: see the run log"' ERR

reviews="$RUNNER_TEMP/reviews.json"
gh api --paginate "repos/$GITHUB_REPOSITORY/pulls/$PR/reviews?per_page=100" > "$reviews"
mapfile -t reviewed < <(jq -r '.. | objects | .commit_id? // empty' "$reviews" | sort -u)
"$(dirname "$0")/fetch-pull-request.sh" "${reviewed[@]}"

verdict=0
cmap approvals --base "origin/$BASE_REF" --head "$HEAD_SHA" --pull-request "$PR" \
  --reviews "$reviews" --format markdown > "$RUNNER_TEMP/gate.md" || verdict=$?
cat "$RUNNER_TEMP/gate.md" >> "$GITHUB_STEP_SUMMARY"
trap - ERR
if [ "$verdict" = 1 ] && [ ! -s "$RUNNER_TEMP/gate.md" ]; then
  verdict=2 # no verdict was written (the reason is on stderr): not a judgement
fi
case $verdict in
  0) status success "Every approval this change needs is in" ;;
  1) status failure "Approvals are missing: see Details"
     exit 1 ;;
  *) status error "The gate could not decide (exit $verdict): see Details"
     exit "$verdict" ;;
esac
