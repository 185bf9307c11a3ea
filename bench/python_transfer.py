# Benchmark helper: the Python baseline (azure-datalake-store 0.0.52 ADLUploader / ADLDownloader), as in
# Microsoft's guide, against the emulator's default account through https://127.0.0.1:<port>/ (spec §1.2 B).
import json, os, sys, time
from azure.datalake.store import core, lib, multithread

direction, port, lpath, rpath, nthreads = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
token = os.environ['ADLS_BENCH_TOKEN']  # from the environment, never on the command line
cred = lib.DataLakeCredential({'tokenType': 'Bearer', 'access': token, 'time': time.time(), 'expiresIn': 3500})
adl = core.AzureDLFileSystem(token=cred, store_name='127.0.0', url_suffix='1:%s' % port)
started, cpu = time.time(), time.process_time()
if direction == 'upload':
    multithread.ADLUploader(adl, rpath=rpath, lpath=lpath, nthreads=nthreads, overwrite=True)
else:
    multithread.ADLDownloader(adl, rpath=rpath, lpath=lpath, nthreads=nthreads, overwrite=True)
print(json.dumps({'seconds': time.time() - started, 'cpuSeconds': time.process_time() - cpu}))
