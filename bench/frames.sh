#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# vmaview - bench/frames.sh: vmaview's frame scan and page listing vs the kernel's page-types, one run
#
# Starts bench/memhog targets (N MiB of written 4 KiB anonymous pages plus a 64 GiB PROT_NONE
# reservation) and, on the same target in the same hyperfine invocation, times
#   (1) page-types -p PID (summary)   vs  vmaview -o <frame columns> PID  (pagemap+kpageflags+kpagecount)
#   (2) page-types -p PID -L          vs  vmaview pages PID, vmaview pages --json PID  (all to /dev/null)
#   (3) vmaview's frame scan on SIZE MiB with and without the reservation (what 64 GiB of VA adds)
#   (4) peak RSS (/usr/bin/time -f %M) of every command at every size
#   (5) present pages: vmaview (--json totals) = page-types total - pages it counts as swap
# then prints medians, ratios and the targets of shared/reference/performance.md section 4.
# page-types is built from Debian's linux-source-6.12 (installed if missing) into a cache dir.
# Needs root (kpageflags), hyperfine, jq, /usr/bin/time (scripts/install-deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

usage() {
	cat <<EOF
Usage: bench/frames.sh [OPTION...]
  --sizes "MIB..."   resident sizes with the reservation (default: "512 2048 8192")
  --res-size MIB     size for the with/without-reservation comparison (default 2048, 0: skip)
  --reserve GIB      reservation size (default 64)
  --vmaview PATH     vmaview binary (default: build/vmaview)
  --page-types PATH  use this page-types instead of building one
  --cache DIR        where page-types (and memhog, if not built) go
                     (default: /var/cache/vmaview-bench)
  --out DIR          keep hyperfine JSON/markdown and logs here (default: a new /tmp dir)
  --quick            3 runs per command instead of at least 10
EOF
}

sizes="512 2048 8192"
res_size=2048
reserve=64
vmaview=build/vmaview
page_types=
cache=/var/cache/vmaview-bench
out=
quick=0
while (($#)); do
	case $1 in
	--sizes) sizes=$2; shift ;;
	--res-size) res_size=$2; shift ;;
	--reserve) reserve=$2; shift ;;
	--vmaview) vmaview=$2; shift ;;
	--page-types) page_types=$2; shift ;;
	--cache) cache=$2; shift ;;
	--out) out=$2; shift ;;
	--quick) quick=1 ;;
	-h | --help) usage; exit 0 ;;
	*) usage >&2; exit 2 ;;
	esac
	shift
done

die() { echo "frames.sh: $*" >&2; exit 2; }
isnum() { [[ $1 =~ ^[0-9]+$ ]]; }
for s in $sizes; do
	if ! isnum "$s" || ((s == 0)); then
		die "bad size '$s'"
	fi
done
isnum "$res_size" || die "bad --res-size '$res_size'"
isnum "$reserve" || die "bad --reserve '$reserve'"
[[ $(id -u) -eq 0 ]] || die "run as root (page-types and the frame scan read /proc/kpageflags)"
for t in hyperfine jq /usr/bin/time cc tar; do
	command -v "$t" >/dev/null || die "$t missing (scripts/install-deps.sh)"
done
[[ $vmaview == /* ]] || vmaview=$root/$vmaview
[[ -x $vmaview ]] || die "no vmaview at $vmaview (scripts/build.sh first)"
if ! mkdir -p "$cache" || [[ ! -w $cache ]]; then
	die "cache dir $cache not writable"
fi
cache=$(cd "$cache" && pwd)
if [[ -z $out ]]; then
	out=$(mktemp -d /tmp/vmaview-frames.XXXXXX)
else
	mkdir -p "$out"
	out=$(cd "$out" && pwd)
fi
if ((quick)); then
	hf_runs=(--warmup 1 --runs 3)
	res_runs=(--warmup 1 --runs 5)
else
	hf_runs=(--warmup 1 --min-runs 10)
	# the difference of two medians is what counts here: more runs
	res_runs=(--warmup 2 --min-runs 30)
fi

# ---------------------------------------------------------------- page-types
# Built from the exact files it needs (gcc -MM of page-types.c + libapi's fs.c
# and debug.c): one pass over the tarball, about 10 s; reused while the
# package version is the same.
pt_pkg=linux-source-6.12
pt_members=(tools/mm/page-types.c include/uapi/linux/magic.h
	include/uapi/linux/kernel-page-flags.h tools/lib/api/fs/fs.c
	tools/lib/api/fs/fs.h tools/lib/api/io.h tools/lib/api/debug.c
	tools/lib/api/debug.h tools/lib/api/debug-internal.h)
build_page_types() {
	local ver dir tmp
	if ! dpkg-query -W -f='${Status}' $pt_pkg 2>/dev/null | grep -q 'ok installed'; then
		echo "installing $pt_pkg (for page-types)" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get install -y -qq --no-install-recommends $pt_pkg >/dev/null ||
			{ apt-get update -qq && apt-get install -y -qq --no-install-recommends $pt_pkg >/dev/null; } ||
			die "cannot install $pt_pkg"
	fi
	ver=$(dpkg-query -W -f='${Version}' $pt_pkg)
	dir=$cache/page-types-${ver//[^A-Za-z0-9.+-]/_}
	if [[ ! -x $dir/page-types ]]; then
		echo "building page-types from $pt_pkg $ver into $dir" >&2
		tmp=$(mktemp -d "$cache/.build.XXXXXX")
		tar -xJf /usr/src/$pt_pkg.tar.xz -C "$tmp" --strip-components=1 \
			"${pt_members[@]/#/$pt_pkg/}" ||
			{ rm -rf "$tmp"; die "cannot extract page-types from /usr/src/$pt_pkg.tar.xz"; }
		(cd "$tmp" && cc -O2 -Wall -Wextra -Wno-sign-compare -Wno-unused-parameter -Wno-clobbered \
			-I tools/lib -I tools/lib/api -o page-types tools/mm/page-types.c \
			tools/lib/api/fs/fs.c tools/lib/api/debug.c -pthread) ||
			{ rm -rf "$tmp"; die "page-types build failed"; }
		rm -rf "$dir"
		mv "$tmp" "$dir"
		echo "$pt_pkg $ver, cc -O2" >"$dir/VERSION"
	fi
	page_types=$dir/page-types
	pt_version="$pt_pkg $ver (-O2)"
}
if [[ -n $page_types ]]; then
	[[ -x $page_types ]] || die "no page-types at $page_types"
	pt_version="$page_types (given)"
else
	build_page_types
fi

# ---------------------------------------------------------------- memhog
memhog=$(dirname "$vmaview")/bench/memhog
if [[ ! -x $memhog || bench/memhog.c -nt $memhog ]]; then
	memhog=$cache/memhog
	if [[ ! -x $memhog || bench/memhog.c -nt $memhog ]]; then
		cc -std=gnu11 -D_GNU_SOURCE -O2 -Wall -Wextra -o "$memhog" bench/memhog.c || die "cannot build memhog"
	fi
fi

targets=()
hfpid=
cleanup() {
	local p
	if [[ -n $hfpid ]]; then
		kill "$hfpid" 2>/dev/null || true
		wait "$hfpid" 2>/dev/null || true
		hfpid=
	fi
	for p in "${targets[@]}"; do
		kill "$p" 2>/dev/null || true
	done
	for p in "${targets[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	targets=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

mem_avail_mib() { awk '/^MemAvailable:/ { print int($2 / 1024) }' /proc/meminfo; }

# start_target MIB GIB: start memhog, wait for READY; sets $tpid and $taddr
# (the reservation's start as /proc/PID/maps prints it, or '-')
start_target() {
	local mib=$1 gib=$2 log=$out/memhog-$1M-$2G.out i
	local args=("$mib")
	if ((gib)); then
		args=(-r "$gib" "$mib")
	fi
	"$memhog" "${args[@]}" >"$log" 2>&1 &
	tpid=$!
	targets+=("$tpid")
	for ((i = 0; i < 3000; i++)); do
		grep -q '^READY' "$log" && break
		kill -0 "$tpid" 2>/dev/null || die "memhog $mib MiB died: $(cat "$log")"
		sleep 0.1
	done
	read -r _ p _ _ taddr <"$log" || true
	[[ ${p:-} == "$tpid" ]] || die "memhog $mib MiB did not get READY: $(cat "$log")"
}

stop_targets() { cleanup; }

# ---------------------------------------------------------------- helpers
framecols=start,present,swapped,guard,runs,largest_run,thp,ksm_pages,zero_pages,frame_pss
# Command lines per name; @PID@ is replaced by the target pid.
declare -A cmd
cmd["page-types"]="$page_types -p @PID@"
cmd["vmaview frames"]="$vmaview -o $framecols @PID@"
cmd["page-types -L"]="$page_types -p @PID@ -L"
cmd["vmaview pages"]="$vmaview pages @PID@"
cmd["vmaview pages --json"]="$vmaview pages --json @PID@"
cmd["vmaview PID"]="$vmaview @PID@"
cmd["cat smaps"]="cat /proc/@PID@/smaps"
cmd["cat maps"]="cat /proc/@PID@/maps"
cmd["read kpageflags"]="dd if=/proc/kpageflags of=/dev/null bs=1M status=none"
step1_names=("page-types" "vmaview frames" "page-types -L" "vmaview pages"
	"vmaview pages --json" "vmaview PID" "cat smaps" "cat maps")

cmdline() { echo "${cmd[$1]//@PID@/$2}"; }

declare -A med rss note prep
# prep[NAME]: sh script run before each run of NAME (hyperfine --prepare),
# no single quotes
# probe NAME PID KEY: run once under /usr/bin/time (support check and peak
# RSS); rss[KEY] = KiB, or note[KEY] = why it cannot run
probe() {
	local name=$1 pid=$2 key=$3 t=$out/time.tmp e=$out/stderr.tmp
	local -a argv
	read -r -a argv <<<"$(cmdline "$name" "$pid")"
	if [[ -n ${prep[$name]:-} ]] && ! sh -c "${prep[$name]}"; then
		note[$key]="prepare failed: ${prep[$name]}"
		return 1
	fi
	if timeout 600 /usr/bin/time -o "$t" -f %M "${argv[@]}" >/dev/null 2>"$e"; then
		rss[$key]=$(tail -n 1 "$t")
		return 0
	fi
	note[$key]="fails: $(grep -v '^Try ' "$e" | head -n 1)"
	return 1
}

# bench TAG PID NAME...: one hyperfine run over the commands that work on PID
# (keys are "TAG/NAME"); sets med[TAG/NAME] in ms
bench() {
	local tag=$1 pid=$2 name
	shift 2
	local -a hf=() ok=() pre=() runs=("${hf_runs[@]}")
	local anyprep=0
	if [[ $tag == res ]]; then
		runs=("${res_runs[@]}")
	fi
	for name; do
		probe "$name" "$pid" "$tag/$name" || continue
		ok+=("$name")
		hf+=(-n "$name" "$(cmdline "$name" "$pid")")
		pre+=(--prepare "sh -c '${prep[$name]:-:}'")
		if [[ -n ${prep[$name]:-} ]]; then
			anyprep=1
		fi
	done
	((${#ok[@]})) || return 0
	((anyprep)) || pre=()
	# in the background so that a signal reaches the trap at once
	hyperfine -N "${runs[@]}" "${pre[@]}" --export-json "$out/$tag.json" \
		--export-markdown "$out/$tag.md" "${hf[@]}" >"$out/$tag.log" 2>&1 &
	hfpid=$!
	local rc=0
	wait "$hfpid" || rc=$?
	hfpid=
	if ((rc)); then
		echo "  hyperfine failed, see $out/$tag.log" >&2
		return 0
	fi
	for name in "${ok[@]}"; do
		med[$tag/$name]=$(jq -r --arg n "$name" \
			'.results[] | select(.command == $n) | .median * 1000' "$out/$tag.json")
	done
	jq -r '.results[] | "  \(.command)\t\(.median * 1000 * 10 | round / 10) ms\t(mean \(.mean * 1000 * 10 | round / 10) ± \(.stddev * 1000 * 10 | round / 10), \(.times | length) runs)"' \
		"$out/$tag.json" | column -t -s $'\t'
}

fmt_ms() { [[ -n ${1:-} ]] && printf '%.1f' "$1" || printf 'n/a'; }
fmt_ratio() { [[ -n ${1:-} && -n ${2:-} ]] && awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }' || printf 'n/a'; }
fmt_mib() { [[ -n ${1:-} ]] && awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }' || printf 'n/a'; }
# verdict VALUE LIMIT: ok / MISS / n/a
verdict() {
	[[ -n ${1:-} && $1 != n/a && -n ${2:-} ]] || { printf 'n/a'; return; }
	awk -v v="$1" -v l="$2" 'BEGIN { printf (v <= l ? "ok" : "MISS") }'
}
frames_limit() { case $1 in 512) echo 0.25 ;; 2048) echo 0.15 ;; 8192) echo 0.10 ;; esac; }

declare -A check
# correctness SIZE PID: present pages, vmaview vs page-types
correctness() {
	local size=$1 pid=$2 line flags n total=0 swap=0 vm vsum sw
	while read -r flags n _; do
		[[ $flags == 0x* ]] || continue
		if ((flags & (1 << 62))); then
			swap=$((swap + n))
		fi
		total=$((total + n))
	done < <("$page_types" -p "$pid")
	local pt_present=$((total - swap))
	if line=$("$vmaview" --json -o present "$pid" 2>/dev/null |
		jq -r '[.processes[0].totals.frames.present,
			([.processes[0].vmas[].frames.present // 0] | add)] | @tsv' 2>/dev/null) &&
		read -r vm vsum <<<"$line" && isnum "${vm:-}"; then
		local v=FAIL
		((vm == pt_present && vsum == vm)) && v=PASS
		check[$size]="$v page-types $pt_present (= $total total - $swap as swap), vmaview $vm (VMA sum $vsum)"
		# page-types' swap count should be vmaview's swapped + guard
		if sw=$("$vmaview" --json -o swapped,guard "$pid" 2>/dev/null |
			jq -r '.processes[0].totals.frames | .swapped + .guard' 2>/dev/null) &&
			isnum "$sw"; then
			check[$size]+="; swap-counted $swap vs vmaview swapped+guard $sw"
			if ((sw != swap)); then
				check[$size]="FAIL${check[$size]#PASS}"
			fi
		fi
	else
		check[$size]="n/a page-types $pt_present (= $total total - $swap as swap), vmaview --json -o present not supported"
	fi
	echo "  present pages: ${check[$size]}"
}

# ---------------------------------------------------------------- run
bt=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$(dirname "$vmaview")/CMakeCache.txt" 2>/dev/null || true)
{
	echo "# vmaview frame scan vs page-types, $(date -u '+%F %T') UTC"
	echo "kernel $(uname -r), $(nproc) CPUs, $(awk '/^MemTotal:/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)," \
		"THP $(grep -o '\[[a-z]*\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo '?')"
	echo "vmaview: $vmaview ($("$vmaview" --version 2>/dev/null | head -n 1), build type ${bt:-RelWithDebInfo (default)})"
	echo "page-types: $pt_version; memhog: $memhog; $(hyperfine --version); runs: ${hf_runs[*]}"
	echo "results: $out; load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews all of this)"
} | tee "$out/summary.md"

# Machine calibration: the kernel's cost per kpageflags entry and per
# syscall differ between kernels and hosts (performance.md: 132 ms for all of
# kpageflags and 7 ms for 'cat maps' on its VM), and the ratios to page-types
# (one pread per page) move with them.
echo
echo "== calibration: read all of /proc/kpageflags"
bench cal $$ "read kpageflags"
kpf_pfns=$(($(stat -c %s /proc/kpageflags 2>/dev/null || echo 0) / 8))
if ((kpf_pfns == 0)); then
	kpf_pfns=$(awk '/^MemTotal:/ { print int($2 / 4) }' /proc/meminfo)
fi

fails=0
done_sizes=()
for size in $sizes; do
	need=$((size + 1024))
	avail=$(mem_avail_mib)
	echo
	echo "== ${size} MiB resident + ${reserve} GiB PROT_NONE"
	if ((avail < need)); then
		echo "  SKIPPED: MemAvailable $avail MiB < $need MiB needed"
		note[$size]="skipped (MemAvailable $avail MiB)"
		continue
	fi
	start_target "$size" "$reserve"
	echo "  memhog pid $tpid: $(wc -l <"/proc/$tpid/maps") VMAs," \
		"$(awk '/^Rss:/ { print $2 " KiB" }' "/proc/$tpid/smaps_rollup") resident"
	correctness "$size" "$tpid"
	if [[ ${check[$size]} == FAIL* ]]; then
		fails=$((fails + 1))
	fi
	bench "s$size" "$tpid" "${step1_names[@]}"
	for name in "${step1_names[@]}"; do
		if [[ -n ${note[s$size/$name]:-} ]]; then
			echo "  $name: ${note[s$size/$name]}"
		fi
	done
	stop_targets
	done_sizes+=("$size")
done

if ((res_size && reserve)); then
	echo
	echo "== reservation cost: ${res_size} MiB with vs without ${reserve} GiB PROT_NONE (same process)"
	need=$((res_size + 1024))
	avail=$(mem_avail_mib)
	if ((avail < need)); then
		echo "  SKIPPED: MemAvailable $avail MiB < $need MiB needed"
		res_size=0
	else
		# One memhog; before each run, SIGUSR1 maps the reservation
		# (SIGUSR2 unmaps it) and the script waits until its line is
		# in (out of) maps. Same frames both ways, so only the
		# reservation differs.
		start_target "$res_size" "$reserve"
		has="grep -q ^$taddr- /proc/$tpid/maps"
		count="i=\$((i + 1)); [ \$i -lt 10000 ] || exit 1"
		on="kill -USR1 $tpid; i=0; until $has; do $count; done"
		off="kill -USR2 $tpid; i=0; while $has; do $count; done"
		cmd["frames +res"]=${cmd["vmaview frames"]}
		cmd["frames no res"]=${cmd["vmaview frames"]}
		cmd["vmaview PID +res"]=${cmd["vmaview PID"]}
		cmd["vmaview PID no res"]=${cmd["vmaview PID"]}
		prep["frames +res"]=$on
		prep["vmaview PID +res"]=$on
		prep["frames no res"]=$off
		prep["vmaview PID no res"]=$off
		bench res "$tpid" "frames +res" "frames no res" "vmaview PID +res" "vmaview PID no res"
		for name in "frames +res" "frames no res"; do
			if [[ -n ${note[res/$name]:-} ]]; then
				echo "  $name: ${note[res/$name]}"
			fi
		done
		stop_targets
	fi
fi

# ---------------------------------------------------------------- summary
{
	echo
	echo "## Time (medians, ms) and ratios to page-types on the same target"
	echo
	echo "| MiB | page-types | vmaview frames | ratio | target | page-types -L | vmaview pages | ratio | pages --json | ratio | target 0.5 | vmaview PID | cat smaps | cat maps |"
	echo "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---:|---:|---:|"
	for size in "${done_sizes[@]}"; do
		k=s$size
		pt=${med[$k/page-types]:-}
		ptl=${med[$k/page-types -L]:-}
		fr=$(fmt_ratio "${med[$k/vmaview frames]:-}" "$pt")
		pr=$(fmt_ratio "${med[$k/vmaview pages]:-}" "$ptl")
		jr=$(fmt_ratio "${med[$k/vmaview pages --json]:-}" "$ptl")
		lim=$(frames_limit "$size")
		worst=$(awk -v a="$pr" -v b="$jr" 'BEGIN { print (a == "n/a" || (b != "n/a" && b + 0 > a + 0)) ? b : a }')
		echo "| $size | $(fmt_ms "$pt") | $(fmt_ms "${med[$k/vmaview frames]:-}") | $fr" \
			"| ${lim:+≤ $lim $(verdict "$fr" "$lim")} | $(fmt_ms "$ptl") | $(fmt_ms "${med[$k/vmaview pages]:-}") | $pr" \
			"| $(fmt_ms "${med[$k/vmaview pages --json]:-}") | $jr | $(verdict "$worst" 0.5)" \
			"| $(fmt_ms "${med[$k/vmaview PID]:-}") | $(fmt_ms "${med[$k/cat smaps]:-}") | $(fmt_ms "${med[$k/cat maps]:-}") |"
	done
	c=${med[cal/read kpageflags]:-}
	if [[ -n $c ]]; then
		echo
		echo "Calibration: all of /proc/kpageflags ($kpf_pfns PFNs) read in $(fmt_ms "$c") ms," \
			"$(awk -v c="$c" -v n="$kpf_pfns" 'BEGIN { printf "%.1f", c * 1e6 / n }') ns per PFN" \
			"(performance.md's VM: 132.5 ms for 6.55 M PFNs, 20 ns; 'cat maps' 7.4 ms, 'cat smaps' 20.6 ms at 2 GiB)."
	fi
	if ((res_size && reserve)); then
		a=${med[res/frames +res]:-}
		b=${med[res/frames no res]:-}
		d=n/a
		[[ -n $a && -n $b ]] && d=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%+.1f", a - b }')
		echo
		echo "Reservation cost at $res_size MiB: vmaview frames $(fmt_ms "$a") ms with ${reserve} GiB PROT_NONE," \
			"$(fmt_ms "$b") ms without: **$d ms** (target ≤ 5 ms: $(verdict "$d" 5));" \
			"VMA view $(fmt_ms "${med[res/vmaview PID +res]:-}") vs $(fmt_ms "${med[res/vmaview PID no res]:-}") ms."
	fi
	echo
	echo "## Peak RSS (MiB, /usr/bin/time -f %M, one run each) and correctness"
	echo
	echo "| MiB | page-types | vmaview frames | page-types -L | vmaview pages | pages --json | target ≤ 16 | present pages |"
	echo "|---:|---:|---:|---:|---:|---:|---|---|"
	for size in "${done_sizes[@]}"; do
		k=s$size
		worst=
		for n in "vmaview frames" "vmaview pages" "vmaview pages --json"; do
			r=${rss[$k/$n]:-}
			if [[ -n $r ]] && { [[ -z $worst ]] || ((r > worst)); }; then
				worst=$r
			fi
		done
		w=n/a
		if [[ -n $worst ]]; then
			w=$(verdict "$(fmt_mib "$worst")" 16)
		fi
		echo "| $size | $(fmt_mib "${rss[$k/page-types]:-}") | $(fmt_mib "${rss[$k/vmaview frames]:-}")" \
			"| $(fmt_mib "${rss[$k/page-types -L]:-}") | $(fmt_mib "${rss[$k/vmaview pages]:-}")" \
			"| $(fmt_mib "${rss[$k/vmaview pages --json]:-}") | $w | ${check[$size]:-n/a} |"
	done
	for size in $sizes; do
		if [[ -n ${note[$size]:-} ]]; then
			echo "$size MiB: ${note[$size]}"
		fi
	done
	for k in "${!note[@]}"; do
		if [[ $k == */* ]]; then
			echo "not timed: $k: ${note[$k]}"
		fi
	done | sort
	echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee -a "$out/summary.md"
echo
rm -f "$out/time.tmp" "$out/stderr.tmp"
echo "hyperfine JSON/markdown and this summary: $out"
((fails == 0))
