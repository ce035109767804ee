#!/usr/bin/env bash
# Runs every RadAssist test and ends with one line "N passed, N failed, N skipped".
#
# Installs the Debian packages the tests use when one is missing, which needs root. Starts Orthanc with
# its DICOMweb plugin and a PostgreSQL cluster on 127.0.0.1 with temporary storage, runs `dotnet test` on
# the solution, then stops both servers and removes their storage. Under this script a test that needs a
# missing tool or server fails instead of skipping (RADASSIST_REQUIRE_EXTERNAL=1).
set -uo pipefail
cd "$(dirname "$0")"

ORTHANC_PORT="${RADASSIST_ORTHANC_PORT:-18042}"
POSTGRES_PORT="${RADASSIST_POSTGRES_PORT:-55433}"
PACKAGES=(dcmtk dicom3tools python3-pydicom python3-hl7 orthanc orthanc-dicomweb postgresql libdcmtk-dev g++ curl unzip)

log() { printf '[test.sh] %s\n' "$*" >&2; }

install_packages() {
    local missing=()
    for package in "${PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        log "missing Debian packages: ${missing[*]}; run as root or install them; tests that need them will fail"
        return 0
    fi
    log "installing ${missing[*]}"
    apt-get update -qq >&2
    # Orthanc and PostgreSQL start services on install where policy allows; this script runs its own instances.
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
}

WORK="$(mktemp -d /tmp/radassist-test.XXXXXX)"
ORTHANC_PID=""
PG_BIN=""

stop_servers() {
    if [ -n "$ORTHANC_PID" ] && kill -0 "$ORTHANC_PID" 2>/dev/null; then
        kill "$ORTHANC_PID" 2>/dev/null
        wait "$ORTHANC_PID" 2>/dev/null
    fi
    if [ -n "$PG_BIN" ] && [ -f "$WORK/pg/postmaster.pid" ]; then
        runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
    fi
    rm -rf "$WORK"
}
trap stop_servers EXIT

start_orthanc() {
    command -v Orthanc >/dev/null 2>&1 || { log "Orthanc is not installed"; return 0; }
    local plugin
    plugin="$(find /usr/share/orthanc/plugins /usr/lib/orthanc -name 'libOrthancDicomWeb.so*' 2>/dev/null | head -n 1)"
    mkdir -p "$WORK/orthanc/db"
    # Orthanc 1.10 cannot bind one address: remote access is refused instead, and the DICOM port is off.
    cat > "$WORK/orthanc/orthanc.json" <<JSON
{
  "Name": "RadAssistTest",
  "StorageDirectory": "$WORK/orthanc/db",
  "IndexDirectory": "$WORK/orthanc/db",
  "HttpPort": $ORTHANC_PORT,
  "RemoteAccessAllowed": false,
  "AuthenticationEnabled": false,
  "DicomServerEnabled": false,
  "HttpTimeout": 60,
  "StableAge": 1,
  "Plugins": [ "$plugin" ],
  "DicomWeb": { "Enable": true, "Root": "/dicom-web/", "EnableWado": true, "StudiesMetadata": "Full", "SeriesMetadata": "Full" }
}
JSON
    Orthanc "$WORK/orthanc/orthanc.json" >"$WORK/orthanc/log.txt" 2>&1 &
    ORTHANC_PID=$!
    for _ in $(seq 1 60); do
        if curl -sf "http://127.0.0.1:$ORTHANC_PORT/system" >/dev/null 2>&1; then
            export RADASSIST_ORTHANC_URL="http://127.0.0.1:$ORTHANC_PORT"
            log "Orthanc on $RADASSIST_ORTHANC_URL (plugin: ${plugin:-none})"
            return 0
        fi
        sleep 0.5
    done
    log "Orthanc did not start; its log follows"
    cat "$WORK/orthanc/log.txt" >&2
}

start_postgres() {
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
    [ -n "$PG_BIN" ] || { log "PostgreSQL is not installed"; return 0; }
    id postgres >/dev/null 2>&1 || { log "no postgres user"; PG_BIN=""; return 0; }
    mkdir -p "$WORK/pg" "$WORK/pgsock"
    chown postgres "$WORK/pg" "$WORK/pgsock"
    chmod 755 "$WORK"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$WORK/pg" -A trust -U postgres >/dev/null
    if runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/server.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $POSTGRES_PORT -k $WORK/pgsock -c fsync=on" start >/dev/null; then
        export RADASSIST_POSTGRES="Host=127.0.0.1;Port=$POSTGRES_PORT;Username=postgres;Database=postgres"
        log "PostgreSQL on 127.0.0.1:$POSTGRES_PORT"
    else
        log "PostgreSQL did not start; its log follows"
        cat "$WORK/pg/server.log" >&2
    fi
}

install_packages
start_orthanc
start_postgres
export RADASSIST_REQUIRE_EXTERNAL=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

OUTPUT="$WORK/dotnet-test.log"
dotnet test RadAssist.sln --nologo 2>&1 | tee "$OUTPUT"
status=${PIPESTATUS[0]}

# Each test assembly prints "Failed: a, Passed: b, Skipped: c, Total: d, Duration: t - Name.dll", sometimes twice;
# count each assembly once and add them up.
read -r passed failed skipped assemblies < <(
    grep -E '(Passed|Failed)!.*Failed:[[:space:]]+[0-9]+, Passed:[[:space:]]+[0-9]+, Skipped:[[:space:]]+[0-9]+.* - [^ ]+\.dll' "$OUTPUT" |
        sed -E 's/.*Failed:[[:space:]]+([0-9]+), Passed:[[:space:]]+([0-9]+), Skipped:[[:space:]]+([0-9]+).* - ([^ ]+\.dll).*/\4 \1 \2 \3/' |
        awk '{f[$1]=$2; p[$1]=$3; s[$1]=$4} END {for (a in f) {tf+=f[a]; tp+=p[a]; ts+=s[a]; n++} print tp+0, tf+0, ts+0, n+0}')
# Every package under src/ must pack into a .nupkg that carries its README. Projects are packed one at a time
# because packing the whole solution in parallel lost packages now and then.
if [ "$status" -eq 0 ]; then
    for project in src/*/*.csproj; do
        name="$(basename "$project" .csproj)"
        dotnet pack "$project" --no-build --nologo -c Debug -o "$WORK/packages" >"$WORK/pack-$name.log" 2>&1
        package="$(ls "$WORK/packages/$name".[0-9]*.nupkg 2>/dev/null | head -n 1)"
        if [ -n "$package" ] && unzip -l "$package" | grep ' README.md$' >/dev/null; then
            passed=$((passed + 1))
        else
            cat "$WORK/pack-$name.log" >&2
            log "package $name: no .nupkg with a README.md"
            failed=$((failed + 1))
        fi
    done
fi

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    # A build error or a crashed test host fails the run even though no test reported a failure.
    log "dotnet test exited with $status after $assemblies test assemblies reported"
    failed=1
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
