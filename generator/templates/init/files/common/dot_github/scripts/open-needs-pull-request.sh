#!/usr/bin/env bash
# Open (or, when the issue was edited, update) the pull request that adds a need from the
# issue form: one commit with FILE on the branch BRANCH, made from the default branch.
# Writes pull-request-url= and pull-request-operation= (created, updated) to $GITHUB_OUTPUT.
#
# Needs FILE, BRANCH, TITLE, BODY_FILE, BASE, GH_TOKEN; BOT_TOKEN when set (a bot's or an
# app's token, so that the pull request starts the checks) is used instead of GH_TOKEN.
# BRANCH and TITLE come from the answers: they are only ever passed as arguments.
set -euo pipefail

if ! git check-ref-format --branch "$BRANCH" > /dev/null || [[ $BRANCH == -* ]]; then
  echo "::error::Unexpected branch name '$BRANCH'."
  exit 1
fi
export GH_TOKEN="${BOT_TOKEN:-$GH_TOKEN}"
basic=$(printf 'x-access-token:%s' "$GH_TOKEN" | base64 -w0)
auth=(-c "http.$GITHUB_SERVER_URL/.extraheader=AUTHORIZATION: basic $basic")

git config user.name "github-actions[bot]"
git config user.email "41898282+github-actions[bot]@users.noreply.github.com"
git switch --quiet -C "$BRANCH"
git add -- "$FILE"
git commit --quiet -m "$TITLE"
git "${auth[@]}" push --quiet --force origin "HEAD:refs/heads/$BRANCH"

url=$(gh pr list --head "$BRANCH" --state open --json url --jq '.[0].url // empty')
if [ -n "$url" ]; then
  gh pr edit "$url" --title "$TITLE" --body-file "$BODY_FILE" > /dev/null
  operation=updated
else
  url=$(gh pr create --base "$BASE" --head "$BRANCH" --title "$TITLE" \
    --body-file "$BODY_FILE" --label training-needs)
  operation=created
fi
{
  echo "pull-request-url=$url"
  echo "pull-request-operation=$operation"
} >> "$GITHUB_OUTPUT"
