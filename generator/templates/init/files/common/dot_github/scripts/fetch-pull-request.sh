#!/usr/bin/env bash
# Fetch a pull request's commits as data into the checkout of the base branch: its head
# (refs/pull/$PR/head, which works for forks too), the base branch, and any other commits
# named as arguments (the commits reviews were given on) that are missing. Nothing fetched is
# checked out: cmap reads the data folders of these commits with `git archive`.
#
# Needs PR, HEAD_SHA, BASE_REF; GH_TOKEN when the repository is private.
set -euo pipefail

auth=()
if [ -n "${GH_TOKEN:-}" ]; then
  # The token is handed to these git commands only; the checkout keeps no credentials.
  basic=$(printf 'x-access-token:%s' "$GH_TOKEN" | base64 -w0)
  auth=(-c "http.$GITHUB_SERVER_URL/.extraheader=AUTHORIZATION: basic $basic")
fi

git "${auth[@]}" fetch --quiet --no-tags --no-recurse-submodules origin \
  "+refs/pull/$PR/head:refs/remotes/pull/$PR/head" \
  "+refs/heads/$BASE_REF:refs/remotes/origin/$BASE_REF"

for commit in "$HEAD_SHA" "$@"; do
  if [[ $commit =~ ^[0-9a-f]{40}$ ]] && ! git cat-file -e "$commit^{commit}" 2> /dev/null; then
    # A commit force-pushed away may still be fetched by its id; if not, its reviews go stale.
    git "${auth[@]}" fetch --quiet --no-tags --no-recurse-submodules origin "$commit" || true
  fi
done
git cat-file -e "$HEAD_SHA^{commit}"
