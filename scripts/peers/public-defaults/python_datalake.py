# The guide's Python data-plane code with no endpoint setting at all: lib.auth() against Azure AD's public
# authority (adal validates it by instance discovery, unpatched) and AzureDLFileSystem with its default suffix
# (azuredatalakestore.net). Run with the environment `adls emulator env --proxy` prints.
import os
from azure.datalake.store import core, lib, multithread

token = lib.auth(tenant_id=os.environ['TENANT_ID'])
print('signed in, token for', token.token['resource'], flush=True)
adl = core.AzureDLFileSystem(token, store_name=os.environ['DEFAULT_ACCOUNT'])
print('url', adl.azure.url, flush=True)
adl.mkdir('/public-defaults')
with adl.open('/public-defaults/hello.txt', 'wb') as f:
    f.write(b'hello from public defaults')
print('ls', adl.ls('/public-defaults'), flush=True)
print('cat', adl.cat('/public-defaults/hello.txt').decode(), flush=True)
src = os.path.join(os.environ['WORK_DIR'], 'py-big.bin')
with open(src, 'wb') as f:
    f.write(os.urandom(3 * 1024 * 1024 + 17))
multithread.ADLUploader(adl, lpath=src, rpath='/public-defaults/big.bin', nthreads=4, chunksize=1024 * 1024, overwrite=True)
back = src + '.back'
multithread.ADLDownloader(adl, lpath=back, rpath='/public-defaults/big.bin', nthreads=4, chunksize=1024 * 1024, overwrite=True)
print('round trip identical', open(src, 'rb').read() == open(back, 'rb').read(), flush=True)
adl.rm('/public-defaults', recursive=True)
print('PUBLIC DEFAULTS PYTHON DONE', flush=True)
