#!/usr/bin/env bash
# Which pull request the approval gate judges, written to $GITHUB_OUTPUT as number=, head=
# (the commit under review) and base= (the branch it goes into). Writes nothing when there
# is none, and the gate's other steps are skipped.
#
# On `pull_request_target` the event says it. After a review (`workflow_run`), a run from a
# fork lists no pull request, so it is looked up by the reviewed commit's branch and owner,
# and must still point at the reviewed commit: a newer push is judged by its own run.
set -euo pipefail

if [ "$EVENT" = pull_request_target ]; then
  number=$PR_NUMBER head=$PR_HEAD_SHA base=$PR_BASE_REF
else
  if ! [[ $RUN_HEAD_SHA =~ ^[0-9a-f]{40}$ ]]; then
    echo "::error::The review run names no commit; nothing to judge."
    exit 1
  fi
  found=$(gh api --method GET --paginate "repos/$GITHUB_REPOSITORY/pulls" \
    -f state=open -f per_page=100 -f head="$RUN_HEAD_OWNER:$RUN_HEAD_BRANCH" \
    --jq '.[] | "\(.number) \(.head.sha) \(.base.ref)"')
  number="" head="" base=""
  while read -r candidate_number candidate_head candidate_base; do
    if [ "$candidate_head" = "$RUN_HEAD_SHA" ]; then
      number=$candidate_number head=$candidate_head base=$candidate_base
      break
    fi
  done <<< "$found"
  if [ -z "$number" ]; then
    echo "::notice::No open pull request has $RUN_HEAD_SHA as its head any more; nothing to judge."
    exit 0
  fi
fi

# Everything below ends up in git and cmap arguments: accept only well-formed values.
if ! [[ $number =~ ^[1-9][0-9]*$ && $head =~ ^[0-9a-f]{40}$ ]] \
    || ! git check-ref-format --branch "$base" > /dev/null; then
  echo "::error::Unexpected pull request data: number '$number', head '$head', base '$base'."
  exit 1
fi
{
  echo "number=$number"
  echo "head=$head"
  echo "base=$base"
} >> "$GITHUB_OUTPUT"
